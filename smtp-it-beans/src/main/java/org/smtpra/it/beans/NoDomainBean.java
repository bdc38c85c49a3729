package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/** No local domain here nor on the adapter: the listener cannot take mail. */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.nodomain}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com")})
public class NoDomainBean extends AcceptingBean {
}
