package org.smtpra.adapter;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkAdapter;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.SessionInfo;
import org.smtpra.protocol.Authenticator;

/**
 * Checks AUTH credentials with the application server's default security realm, through
 * security inflow: each check is a {@link Work} carrying a {@link PasswordCheck}, which the
 * server sets up with its own callback handler before the work runs. The adapter never sees a
 * password store, and the realm is whatever the administrator configured (the file realm on
 * a fresh Payara domain).
 *
 * <p>The verdict: the password validated, {@code VALID}; the realm said no,
 * {@code INVALID}; the work was refused or its context could not be set up,
 * an exceptional stage (the engine answers "554 5.7.0 Temporary authentication failure").
 * Payara folds a realm that cannot be reached (an LDAP server down, say) into "no": its
 * handler turns every login failure into a failed validation, so the client gets 535.
 */
final class RealmAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(RealmAuthenticator.class.getName());

    private final String name;
    private final WorkManager workManager;

    /**
     * @param name the listener's name, for logs
     * @param workManager where the checks run
     */
    RealmAuthenticator(String name, WorkManager workManager) {
        this.name = name;
        this.workManager = workManager;
    }

    @Override
    public CompletionStage<Verdict> authenticate(SessionInfo session, String user,
            char[] password) {
        CheckWork work = new CheckWork(session.sessionId(), new PasswordCheck(user, password));
        try {
            workManager.scheduleWork(work, WorkManager.INDEFINITE, null, work.outcome());
        } catch (WorkException e) {
            work.fail(e);
        }
        return work.verdict;
    }

    /** One password check; it completes {@link #verdict} whichever way it ends. */
    private final class CheckWork implements Work, WorkContextProvider {
        private static final long serialVersionUID = 1L;

        private final String sessionId;
        private final PasswordCheck check;
        private final List<WorkContext> contexts;
        private final transient CompletableFuture<Verdict> verdict = new CompletableFuture<>();

        CheckWork(String sessionId, PasswordCheck check) {
            this.sessionId = sessionId;
            this.check = check;
            this.contexts = List.of(check);
        }

        /** The same list at every call: Payara asks more than once. */
        @Override
        public List<WorkContext> getWorkContexts() {
            return contexts;
        }

        /** Runs after the server set the context up, so the realm has answered. */
        @Override
        public void run() {
            try {
                Verdict answer = check.verdict();
                if (answer == null) {
                    fail(new IllegalStateException("the server ran the check without setting "
                            + "up its security context"));
                    return;
                }
                LOG.fine(() -> "session " + sessionId + ": the realm says " + answer
                        + " for " + check.user());
                verdict.complete(answer);
            } finally {
                // Completing the verdict runs engine code, so Netty code, on this thread.
                FastThreadLocal.removeAll();
            }
        }

        /** Nothing to interrupt: the realm's answer cannot be stopped from here. */
        @Override
        public void release() {
        }

        WorkAdapter outcome() {
            return new WorkAdapter() {
                @Override
                public void workRejected(WorkEvent event) {
                    fail(event.getException());
                }

                @Override
                public void workCompleted(WorkEvent event) {
                    if (event.getException() != null) {
                        fail(event.getException());
                    }
                }
            };
        }

        /**
         * Ends the check with no verdict. Logged at FINE only: the engine logs the failure
         * with the session, and Payara logs a context it cannot set up.
         */
        void fail(Throwable cause) {
            check.clear();
            Throwable reason = cause != null ? cause
                    : new WorkException("the WorkManager gave up on the check");
            if (verdict.completeExceptionally(reason)) {
                LOG.log(Level.FINE, reason, () -> "session " + sessionId + ": " + name
                        + " cannot check the password of " + check.user() + " with the realm");
            }
        }
    }
}
