package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.Decision;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * Greets a second after the connection, so that a client that talks at once surely talks
 * before the greeting; and tolerates two errors, so that a few early commands end the
 * session.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.lategreeting}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "maxErrors", propertyValue = "2")})
public class LateGreetingBean extends AcceptingBean {

    private static final long DELAY_MILLIS = 1000;

    @Override
    public Decision onConnect(SessionInfo session) {
        try {
            Thread.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Decision.accept();
    }
}
