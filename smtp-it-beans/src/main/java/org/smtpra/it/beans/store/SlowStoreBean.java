package org.smtpra.it.beans.store;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;
import org.smtpra.sample.MailboxBean;

/**
 * The sample's mailbox with a decision timeout of 2 seconds, which takes twice as long to
 * return once the message is stored: the client has its timeout reply before the
 * transaction ends.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.slowstore}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "decisionTimeout", propertyValue = "2")})
public class SlowStoreBean extends MailboxBean {

    /** Twice the decision timeout. */
    private static final long DELAY_MILLIS = 4000;

    @Override
    public Decision onMessage(Mail mail) {
        Decision decision = super.onMessage(mail);
        try {
            Thread.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return decision;
    }
}
