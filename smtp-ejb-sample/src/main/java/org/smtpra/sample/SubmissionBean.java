package org.smtpra.sample;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * A sample submission server (RFC 6409) for the users of the server's security realm: after
 * STARTTLS and AUTH, mail to any address is accepted and stored in the Maildir++ folder
 * {@code .Outbox} of the sample's Maildir, where a relay would pick it up (the sample has
 * none).
 *
 * <p>The adapter runs the bean's calls of an authenticated session as the session's user, so
 * the container's caller principal is that user; the bean checks that at AUTH and for every
 * message, logs it, and writes it into the stored message.
 *
 * <p>The port comes from the system property {@code smtp.submission.port}, 2587 when it is not
 * set (587 is the standard port, and needs root).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "port",
                propertyValue = "${MPCONFIG=smtp.submission.port:2587}"),
        @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com"),
        @ActivationConfigProperty(propertyName = "tlsMode", propertyValue = "starttls"),
        @ActivationConfigProperty(propertyName = "requireTls", propertyValue = "true"),
        @ActivationConfigProperty(propertyName = "requireAuth", propertyValue = "true")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionBean implements SmtpListener {

    /** The Maildir++ folder, under the sample's Maildir, that submitted mail goes to. */
    public static final String OUTBOX = "Outbox";

    /**
     * The user whose password must be changed before it may submit, to show a refusal after
     * the realm accepted the password.
     */
    public static final String EXPIRED_USER = "expired";

    private static final Logger LOG = Logger.getLogger(SubmissionBean.class.getName());

    @Resource
    private MessageDrivenContext context;

    /**
     * The realm accepted the user; the container must say the same. The expired user is
     * refused with 432 4.7.12, the reply RFC 4954 section 6 has for a user who must
     * transition to a new password first.
     */
    @Override
    public Decision onAuthenticated(SessionInfo session) {
        if (EXPIRED_USER.equals(session.user())) {
            return Decision.reject(Reply.PASSWORD_TRANSITION_NEEDED);
        }
        return checkCaller(session, "authenticated");
    }

    /**
     * Stores the message in the outbox, with the caller principal and the envelope in front
     * of it: the message alone does not say who submitted it nor, with Bcc, all of its
     * recipients. A relay that sends it on removes those three fields.
     */
    @Override
    public Decision onMessage(Mail mail) {
        Envelope envelope = mail.envelope();
        Decision caller = checkCaller(envelope.session(), "submitted a message");
        if (!caller.isAccepted()) {
            return caller;
        }
        try (InputStream content = new SequenceInputStream(fields(envelope),
                mail.openStream())) {
            Path file = Maildir.open(MailboxBean.maildirRoot()).folder(OUTBOX).deliver(content);
            LOG.info(() -> "session " + envelope.session().sessionId() + ": queued "
                    + mail.size() + " octets from " + envelope.session().user() + " to "
                    + envelope.forwardPaths() + " in " + file);
            return Decision.accept();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, e, () -> "session " + envelope.session().sessionId()
                    + ": cannot store the message in the outbox");
            return Decision.reject(Reply.PROCESSING_ERROR);
        }
    }

    /**
     * Logs the container's caller principal and refuses, with a temporary error, a call that
     * does not run as the session's user: the server would then be misconfigured, and no
     * mail should leave under the wrong name.
     */
    private Decision checkCaller(SessionInfo session, String what) {
        Principal caller = context.getCallerPrincipal();
        String name = caller == null ? null : caller.getName();
        if (session.user() == null || !session.user().equals(name)) {
            LOG.severe(() -> "session " + session.sessionId() + ": " + session.user() + " "
                    + what + ", but the caller principal is " + name);
            return Decision.reject(Reply.PROCESSING_ERROR);
        }
        LOG.info(() -> "session " + session.sessionId() + ": " + session.user() + " " + what
                + ", caller principal " + name);
        return Decision.accept();
    }

    private InputStream fields(Envelope envelope) {
        String recipients = envelope.forwardPaths().stream()
                .map(Object::toString)
                .collect(Collectors.joining(", "));
        String fields = "X-Authenticated-User: " + context.getCallerPrincipal().getName()
                + "\r\nX-Envelope-From: " + envelope.reversePath()
                + "\r\nX-Envelope-To: " + recipients + "\r\n";
        return new ByteArrayInputStream(fields.getBytes(StandardCharsets.UTF_8));
    }
}
