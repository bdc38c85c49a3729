package org.smtpra.it.beans.store;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;
import org.smtpra.sample.MailboxBean;

/**
 * The sample's mailbox, whose transaction is marked for rollback once the message is stored
 * and accepted: as when a later step of the same transaction fails.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.rollback}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com")})
public class RollbackBean extends MailboxBean {

    @Resource
    private MessageDrivenContext context;

    @Override
    public Decision onMessage(Mail mail) {
        Decision decision = super.onMessage(mail);
        context.setRollbackOnly();
        return decision;
    }
}
