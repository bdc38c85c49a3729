package org.smtpra.sample;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.smtpra.api.SmtpListener;

/**
 * The same submission service with implicit TLS, which RFC 8314 recommends to mail clients
 * over STARTTLS: TLS from the first byte, then AUTH. Only PLAIN is offered here; LOGIN, a
 * mechanism that was never standardized, stays on the STARTTLS port for older clients.
 *
 * <p>The port comes from the system property {@code smtp.submissions.port}, 2465 when it is
 * not set (465 is the standard port, and needs root).
 */
// The listener interface is named because Payara looks for it only among the interfaces the
// bean class itself declares, and takes a bean without one for a JMS bean.
@MessageDriven(messageListenerInterface = SmtpListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "port",
                propertyValue = "${MPCONFIG=smtp.submissions.port:2465}"),
        @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
        @ActivationConfigProperty(propertyName = "tlsMode", propertyValue = "implicit"),
        @ActivationConfigProperty(propertyName = "authMechanisms", propertyValue = "PLAIN"),
        @ActivationConfigProperty(propertyName = "requireAuth", propertyValue = "true")})
public class TlsSubmissionBean extends SubmissionBean {
}
