package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;

/**
 * The content stays readable while the listener has the message, even when the session
 * lets go of it meanwhile (its client left), and goes once both are done with it.
 */
class SpooledMailTest {

    private static final byte[] CONTENT = "Subject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path folder;

    /** A message spooled to a file, as a large one is. */
    private SpooledMail spooledMail() {
        Spool spool = new Spool(folder, 4, 1 << 20);
        spool.write(CONTENT, 0, CONTENT.length);
        spool.finish();
        return new SpooledMail(new Envelope(null, null, List.of(), Map.of()), spool);
    }

    private static String read(SpooledMail mail) {
        try (InputStream in = mail.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long files() throws IOException {
        try (var listing = Files.list(folder)) {
            return listing.count();
        }
    }

    @Test
    void keepsTheContentForAListenerThatHasItWhenTheSessionLetsGo() throws Exception {
        SpooledMail mail = spooledMail();
        assertEquals(1, files());
        Decision decision = mail.lend(() -> {
            mail.releaseUnlessLent();
            assertEquals(new String(CONTENT, StandardCharsets.US_ASCII), read(mail));
            return Decision.accept();
        });
        assertTrue(decision.isAccepted());
        assertEquals(0, files());
    }

    @Test
    void givesTheListenerNoMessageTheSessionLetGoOfFirst() throws Exception {
        SpooledMail mail = spooledMail();
        mail.releaseUnlessLent();
        assertEquals(0, files());
        boolean[] called = {false};
        assertThrows(CancellationException.class, () -> mail.lend(() -> {
            called[0] = true;
            return Decision.accept();
        }));
        assertFalse(called[0]);
    }
}
