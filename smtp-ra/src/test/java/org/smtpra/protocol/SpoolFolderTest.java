package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;

/** Spool files: cleaned at start, readable as MIME in place, gone after delivery. */
class SpoolFolderTest {

    @TempDir
    Path folder;

    @Test
    void removesLeftoversButNothingElse() throws IOException {
        Files.writeString(folder.resolve(Spool.FILE_PREFIX + "1.eml"), "crashed");
        Files.writeString(folder.resolve("keep.txt"), "not ours");
        assertEquals(1, SpoolFolder.prepare(folder));
        assertFalse(Files.exists(folder.resolve(Spool.FILE_PREFIX + "1.eml")));
        assertTrue(Files.exists(folder.resolve("keep.txt")));
    }

    @Test
    void createsAMissingFolder() throws IOException {
        Path missing = folder.resolve("a/b");
        assertEquals(0, SpoolFolder.prepare(missing));
        assertTrue(Files.isDirectory(missing));
    }

    @Test
    void parsesASpooledMessageAsMimeInPlace() throws Exception {
        List<String> subjects = new ArrayList<>();
        SmtpListener parser = new SmtpListener() {
            @Override
            public Decision onMessage(Mail mail) {
                try {
                    MimeMessage message = mail.toMimeMessage();
                    subjects.add(message.getSubject());
                    subjects.add(String.valueOf(message.getSize()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return Decision.accept();
            }
        };
        TestSession client = new TestSession(TestSession.config().spoolDirectory(folder)
                .spoolThreshold(100).build(), parser);
        client.start();
        client.send("EHLO c.org\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        String body = "line of text\r\n".repeat(100);
        assertEquals("250 2.0.0 Ok\r\n", client.send("Subject: big one\r\n\r\n" + body
                + ".\r\n"));
        assertEquals(List.of("big one", String.valueOf(body.length())), subjects);
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count());
        }
    }
}
