package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;

/**
 * Takes messages of up to 2 GiB, spooled to a folder of its own, and reads each one through
 * as a stream, as a bean that stores large mail would, keeping nothing. It accepts a
 * message only when it read as many octets as the message has and the last line is
 * {@value #LAST_LINE}; otherwise it fails, and the client gets a 451.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.large}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "maxMessageSize", propertyValue = "2147483648"),
    @ActivationConfigProperty(propertyName = "spoolDirectory",
            propertyValue = "${MPCONFIG=it.spool.large}")})
public class LargeMessageBean implements SmtpListener {

    /** The line a test's large message ends with. */
    public static final String LAST_LINE = "the end";

    private static final byte[] END = (LAST_LINE + "\r\n").getBytes(StandardCharsets.US_ASCII);

    @Override
    public Decision onMessage(Mail mail) {
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[END.length];
        long read = 0;
        try (InputStream in = mail.openStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                keepTail(tail, buffer, n);
                read += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (read != mail.size() || !Arrays.equals(tail, END)) {
            throw new IllegalStateException("read " + read + " of " + mail.size()
                    + " octets, ending with " + new String(tail, StandardCharsets.US_ASCII));
        }
        return Decision.accept();
    }

    /** Keeps the last octets read in {@code tail}, shifting the older ones out. */
    private static void keepTail(byte[] tail, byte[] buffer, int n) {
        if (n >= tail.length) {
            System.arraycopy(buffer, n - tail.length, tail, 0, tail.length);
        } else {
            System.arraycopy(tail, n, tail, 0, tail.length - n);
            System.arraycopy(buffer, 0, tail, tail.length - n, n);
        }
    }
}
