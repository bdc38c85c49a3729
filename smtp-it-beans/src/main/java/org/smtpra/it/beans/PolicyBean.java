package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/**
 * The built-in policy as a client inside the relay networks meets it: strict HELO and MIME, a
 * low hop limit, and lists of HELO names, senders and recipients, one of them from a file.
 * When relay senders are set, the relay networks relay for those senders only.
 */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.policy}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "strictHelo", propertyValue = "true"),
    @ActivationConfigProperty(propertyName = "strictMime", propertyValue = "true"),
    @ActivationConfigProperty(propertyName = "maxHops", propertyValue = "3"),
    @ActivationConfigProperty(propertyName = "deniedHeloNames", propertyValue = ".spam.example"),
    @ActivationConfigProperty(propertyName = "deniedSendersFile",
            propertyValue = "${MPCONFIG=it.files}/denied-senders.txt"),
    @ActivationConfigProperty(propertyName = "auditedSenders",
            propertyValue = "watch@example.org"),
    @ActivationConfigProperty(propertyName = "deniedRecipients",
            propertyValue = "old-list@example.com"),
    @ActivationConfigProperty(propertyName = "relaySenders", propertyValue = "app.example.org")})
public class PolicyBean extends AcceptingBean {
}
