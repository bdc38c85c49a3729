package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/** Refuses the test client for now before the greeting, by a list file of networks. */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.deferred}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "deferredClientsFile",
            propertyValue = "${MPCONFIG=it.files}/deferred-clients.txt")})
public class DeferredClientBean extends AcceptingBean {
}
