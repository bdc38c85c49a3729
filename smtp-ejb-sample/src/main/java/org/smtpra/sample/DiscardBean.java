package org.smtpra.sample;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;

/**
 * A discard service: it accepts mail for any recipient, reads each message to its end and
 * keeps none of it. It shows the least a bean can be, and what the adapter costs by itself:
 * a benchmark of the adapter measures this listener.
 *
 * <p>It decides on the message alone. The other stages keep the interface's defaults, which
 * accept, so the adapter answers them without a call into the container: a message costs one
 * bean call, in a container transaction like any bean that stores mail.
 *
 * <p>The port comes from the system property {@code smtp.discard.port}, 2526 when it is not
 * set. Mail sent there is lost on purpose: point no real sender at it.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "port",
                propertyValue = "${MPCONFIG=smtp.discard.port:2526}"),
        @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com")})
public class DiscardBean implements SmtpListener {

    /** The system property that names the port. */
    public static final String PORT_PROPERTY = "smtp.discard.port";

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Decision onMessage(Mail mail) {
        try (InputStream content = mail.openStream()) {
            content.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("session " + mail.envelope().session().sessionId()
                    + ": cannot read the message", e);
        }
        return Decision.accept();
    }
}
