package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/**
 * A public MX as a client from outside its relay networks meets it: the test client on
 * 127.0.0.1 is not in 192.0.2.0/24. Local senders must authenticate, and the relay senders
 * come from a file.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.outside}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "relayNetworks", propertyValue = "192.0.2.0/24"),
    @ActivationConfigProperty(propertyName = "localSendersMustAuthenticate",
            propertyValue = "true"),
    @ActivationConfigProperty(propertyName = "relaySendersFile",
            propertyValue = "${MPCONFIG=it.files}/relay-senders.txt")})
public class OutsideBean extends AcceptingBean {
}
