package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/** STARTTLS with a key store that does not exist: TLS cannot start. */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.brokenkey}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "tlsMode", propertyValue = "starttls"),
    @ActivationConfigProperty(propertyName = "keyStore",
            propertyValue = "${MPCONFIG=it.files}/no-such-store.p12")})
public class BrokenKeyBean extends AcceptingBean {
}
