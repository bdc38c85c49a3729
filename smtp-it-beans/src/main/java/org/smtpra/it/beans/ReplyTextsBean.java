package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;
import org.smtpra.api.SmtpListener;

/**
 * Reply texts of an administrator's, from a file and from the setting; the recipient
 * {@code nobody} does not exist.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.texts}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "replyTextsFile",
            propertyValue = "${MPCONFIG=it.files}/reply-texts.txt"),
    @ActivationConfigProperty(propertyName = "replyTexts",
            propertyValue = "2175016 550 Unknown user <email_addr> | 2172003 221 Bye")})
public class ReplyTextsBean extends AcceptingBean {

    @Override
    public Decision onRecipient(Envelope envelope, Path recipient) {
        return "nobody".equals(recipient.localPart())
                ? Decision.reject(Reply.INVALID_USER) : Decision.accept();
    }
}
