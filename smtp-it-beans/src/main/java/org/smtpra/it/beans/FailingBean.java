package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Path;
import org.smtpra.api.SmtpListener;

/**
 * A bean that fails as real ones do, chosen by the recipient at example.com: {@code crash}
 * throws at RCPT; a message for {@code memory} runs out of memory, for {@code disk} finds
 * the disk full, and for anyone else cannot be queued. Checked exceptions come wrapped, as
 * the listener interface declares none. (A database that fails is a real one: the sample's,
 * stopped, in StoreTransactionIT.)
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.failing}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com")})
public class FailingBean implements SmtpListener {

    @Override
    public Decision onRecipient(Envelope envelope, Path recipient) {
        if ("crash".equals(recipient.localPart())) {
            throw new IllegalStateException("the bean fails at RCPT, as the test asks");
        }
        return Decision.accept();
    }

    @Override
    public Decision onMessage(Mail mail) {
        switch (mail.envelope().forwardPaths().get(0).localPart()) {
            case "memory" -> throw new OutOfMemoryError("Java heap space (thrown by the test)");
            case "disk" -> throw new UncheckedIOException(
                    new IOException("No space left on device"));
            default -> throw new IllegalStateException("the queue does not answer");
        }
    }
}
