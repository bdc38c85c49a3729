package org.smtpra.protocol;

import java.util.concurrent.CompletionStage;
import org.smtpra.api.SessionInfo;

/**
 * Checks the credentials of an AUTH command. The adapter implements it with the application
 * server's security realm; the engine never sees a password store.
 */
@FunctionalInterface
public interface Authenticator {

    /** What the realm said of a user name and password. */
    enum Verdict {
        /** The password is the user's. */
        VALID,
        /** The user is unknown or the password wrong; the realm does not say which. */
        INVALID
    }

    /**
     * Checks a user name and password, off the caller's thread when that takes time.
     *
     * @param session the session asking
     * @param user the authentication identity
     * @param password the password; the implementation may clear the array when done, and
     *                 must not keep it
     * @return the verdict, or a stage completed exceptionally when the realm cannot be
     *         asked (the client then gets a temporary failure)
     */
    CompletionStage<Verdict> authenticate(SessionInfo session, String user, char[] password);

    /** An authenticator for listeners without AUTH: it refuses everybody. */
    static Authenticator none() {
        return (session, user, password) ->
                java.util.concurrent.CompletableFuture.completedFuture(Verdict.INVALID);
    }
}
