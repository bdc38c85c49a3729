package org.smtpra.it.beans.store;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;
import org.smtpra.sample.MailboxBean;

/**
 * The sample's mailbox, which waits two seconds before it reads and stores the message, well
 * within its decision timeout: a client can leave while it waits, and the message must still
 * be readable when it reads.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.lingerstore}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com")})
public class LingeringStoreBean extends MailboxBean {

    private static final long DELAY_MILLIS = 2000;

    @Override
    public Decision onMessage(Mail mail) {
        try {
            Thread.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.onMessage(mail);
    }
}
