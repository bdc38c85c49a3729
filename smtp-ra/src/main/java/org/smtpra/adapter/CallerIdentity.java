package org.smtpra.adapter;

import jakarta.resource.spi.work.SecurityContext;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import java.io.IOException;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Security inflow for a bean call of an authenticated session (Jakarta Connectors 2.1,
 * section 16.4): the work runs as the user the realm validated at AUTH, so the bean's
 * {@code MessageDrivenContext.getCallerPrincipal()} is that user.
 *
 * <p>Only the name is asserted, with a {@link CallerPrincipalCallback}: the password was
 * checked once, at AUTH, and is gone. On Payara the server's handler adds the user's groups
 * from the default realm to the execution subject by itself.
 */
final class CallerIdentity extends SecurityContext {

    private static final long serialVersionUID = 1L;

    private final String user;

    /** @param user a name the realm validated */
    CallerIdentity(String user) {
        this.user = user;
    }

    /**
     * Asserts the user as the caller of the work.
     *
     * @throws IllegalStateException when the server refuses the callback; the server then
     *         fails the work, and the bean is not called
     */
    @Override
    public void setupSecurityContext(CallbackHandler handler, Subject executionSubject,
            Subject serviceSubject) {
        try {
            handler.handle(new Callback[] {new CallerPrincipalCallback(executionSubject, user)});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new IllegalStateException("the server cannot run work as " + user, e);
        }
    }

    @Override
    public String getDescription() {
        return "SMTP session user " + user;
    }
}
