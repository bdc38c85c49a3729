package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Path;
import org.smtpra.api.SmtpListener;

/**
 * Short timeouts: 2 seconds for a command and for a decision. The recipient
 * {@code slow@example.com} takes the bean twice as long as it may.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.slow}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "commandTimeout", propertyValue = "2"),
    @ActivationConfigProperty(propertyName = "decisionTimeout", propertyValue = "2")})
public class SlowBean extends AcceptingBean {

    /** Twice the decision timeout. */
    private static final long DELAY_MILLIS = 4000;

    @Override
    public Decision onRecipient(Envelope envelope, Path recipient) {
        if ("slow".equals(recipient.localPart())) {
            try {
                Thread.sleep(DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Decision.accept();
    }
}
