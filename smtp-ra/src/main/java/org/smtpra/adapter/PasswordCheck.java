package org.smtpra.adapter;

import jakarta.resource.spi.work.SecurityContext;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.PasswordValidationCallback;
import java.io.IOException;
import java.util.Arrays;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.smtpra.protocol.Authenticator.Verdict;

/**
 * Security inflow that checks an AUTH password (Jakarta Connectors 2.1, section 16.4): the
 * server calls {@link #setupSecurityContext} on the work's thread before the work runs, and
 * its handler asks the server's default security realm about the user and password.
 *
 * <p>Two calls of the handler, in this order, and the second only when the first succeeded:
 * Payara builds the thread's identity from every callback of one call, so a
 * {@link CallerPrincipalCallback} handed over together with a {@link PasswordValidationCallback}
 * that fails would still make the work run as the user.
 *
 * <p>The password array is cleared as soon as the realm has answered, and also when the work
 * never starts ({@link #clear()}).
 */
final class PasswordCheck extends SecurityContext {

    private static final long serialVersionUID = 1L;

    private final String user;
    private final transient char[] password;
    private transient volatile Verdict verdict;

    /**
     * @param user the authentication identity
     * @param password the password; this object clears it
     */
    PasswordCheck(String user, char[] password) {
        this.user = user;
        this.password = password;
    }

    /**
     * Asks the realm.
     *
     * @throws IllegalStateException when the server cannot check passwords here; Payara, for
     *         one, refuses {@link PasswordValidationCallback} for an adapter that has a
     *         work-security-map. The server then fails the work.
     */
    @Override
    public void setupSecurityContext(CallbackHandler handler, Subject executionSubject,
            Subject serviceSubject) {
        try {
            boolean valid = validate(handler, executionSubject);
            if (valid) {
                handler.handle(new Callback[] {
                    new CallerPrincipalCallback(executionSubject, user)});
            }
            verdict = valid ? Verdict.VALID : Verdict.INVALID;
        } catch (IOException | UnsupportedCallbackException e) {
            throw new IllegalStateException("the server cannot check the password of " + user,
                    e);
        } finally {
            clear();
        }
    }

    private boolean validate(CallbackHandler handler, Subject subject)
            throws IOException, UnsupportedCallbackException {
        PasswordValidationCallback check =
                new PasswordValidationCallback(subject, user, password);
        try {
            handler.handle(new Callback[] {check});
            return check.getResult();
        } finally {
            check.clearPassword();
        }
    }

    /** The realm's answer, or null while the server has not set the context up. */
    Verdict verdict() {
        return verdict;
    }

    /** The user whose password is checked. */
    String user() {
        return user;
    }

    /** Overwrites the password; idempotent. */
    void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String getDescription() {
        return "SMTP AUTH password check for " + user;
    }
}
