package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/**
 * Spools every message to a folder of its own, which the test removes once the listener is
 * open: the disk fails under a running listener.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.spool}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "spoolDirectory",
            propertyValue = "${MPCONFIG=it.spool.vanishing}"),
    @ActivationConfigProperty(propertyName = "spoolThreshold", propertyValue = "0")})
public class VanishingSpoolBean extends AcceptingBean {
}
