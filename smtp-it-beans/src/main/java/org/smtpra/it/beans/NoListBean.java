package org.smtpra.it.beans;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/** A list file that does not exist: the listener cannot take mail. */
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "port",
            propertyValue = "${MPCONFIG=it.port.nolist}"),
    @ActivationConfigProperty(propertyName = "serverName", propertyValue = "mx.example.com"),
    @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
    @ActivationConfigProperty(propertyName = "deniedSendersFile",
            propertyValue = "${MPCONFIG=it.files}/no-such-list.txt")})
public class NoListBean extends AcceptingBean {
}
