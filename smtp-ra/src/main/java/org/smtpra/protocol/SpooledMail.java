package org.smtpra.protocol;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;

/** A received message whose content is in a {@link Spool}. */
final class SpooledMail implements Mail {

    private final Envelope envelope;
    private final Spool spool;

    SpooledMail(Envelope envelope, Spool spool) {
        this.envelope = envelope;
        this.spool = spool;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public long size() {
        return spool.size();
    }

    @Override
    public InputStream openStream() throws IOException {
        return spool.openStream();
    }

    @Override
    public MimeMessage toMimeMessage() throws IOException, MessagingException {
        try (InputStream in = openStream()) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Override
    public String toString() {
        return "Mail[" + envelope.reversePath() + " -> " + envelope.forwardPaths() + ", "
                + size() + " octets]";
    }
}
