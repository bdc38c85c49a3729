package org.smtpra.adapter;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkAdapter;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.Decision;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.Stage;

/**
 * Delivers the engine's questions to the message-driven bean of one listener.
 *
 * <p>Each question becomes a {@link Work} scheduled on the server's WorkManager, so the
 * session's I/O thread never waits for a bean: the call returns at once with a stage that
 * the work completes with the bean's decision, or exceptionally when no endpoint could be
 * had, the WorkManager refused the work, or the bean failed.
 *
 * <p>The calls of an authenticated session carry a {@link CallerIdentity}, so the server runs
 * them as the session's user and the bean sees that user as its caller principal; the calls
 * of other sessions run unauthenticated.
 *
 * <p>Each endpoint is created with a {@link TransactionOutcome}: when the bean's transaction
 * rolls back, the call fails even though the bean returned, so that no message is
 * acknowledged and then lost; and when the client was answered before the bean finished (a
 * decision timeout), the transaction is made to roll back. At most {@code maxConcurrentCalls}
 * calls of one listener run at once; past that a call fails at once, so that a bean pool
 * that stopped answering holds neither the client nor more than its share of the
 * WorkManager's threads.
 */
final class EndpointInvoker implements ListenerInvoker {

    private static final Logger LOG = Logger.getLogger(EndpointInvoker.class.getName());

    private final String name;
    private final MessageEndpointFactory factory;
    private final WorkManager workManager;
    private final Semaphore calls;
    private final Duration decisionTimeout;

    /**
     * @param name the listener's name, for logs
     * @param factory the container's factory of the bean's endpoints
     * @param workManager where the calls run
     * @param maxConcurrentCalls how many calls may be under way at once
     * @param decisionTimeout how long the engine waits for a call before it answers the
     *                        client itself
     */
    EndpointInvoker(String name, MessageEndpointFactory factory, WorkManager workManager,
            int maxConcurrentCalls, Duration decisionTimeout) {
        this.name = name;
        this.factory = factory;
        this.workManager = workManager;
        this.calls = new Semaphore(maxConcurrentCalls);
        this.decisionTimeout = decisionTimeout;
    }

    @Override
    public CompletionStage<Decision> invoke(Stage stage, SessionInfo session,
            Function<SmtpListener, Decision> call) {
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        if (!calls.tryAcquire()) {
            decision.completeExceptionally(new ListenerBusyException(name + ": every bean "
                    + "call this listener may make is under way"));
            return decision;
        }
        decision.whenComplete((answer, failure) -> calls.release());
        try {
            workManager.scheduleWork(new DecisionWork(stage, session, call, decision),
                    WorkManager.INDEFINITE, null, new FailureListener(decision));
        } catch (WorkException e) {
            LOG.log(Level.WARNING, e, () -> "session " + session.sessionId() + ": " + name
                    + " cannot schedule the " + stage + " call");
            decision.completeExceptionally(e);
        }
        return decision;
    }

    /**
     * Fails the decision when the WorkManager gives up on the work after accepting it, or
     * when the work never ran because the server could not set up its caller identity.
     */
    private static final class FailureListener extends WorkAdapter {
        private final CompletableFuture<Decision> decision;

        FailureListener(CompletableFuture<Decision> decision) {
            this.decision = decision;
        }

        @Override
        public void workRejected(WorkEvent event) {
            WorkException cause = event.getException();
            decision.completeExceptionally(cause != null ? cause
                    : new WorkException("the WorkManager rejected the call"));
        }

        /** A decision the work already made stays; this only ends one that never came. */
        @Override
        public void workCompleted(WorkEvent event) {
            if (event.getException() != null) {
                decision.completeExceptionally(event.getException());
            }
        }
    }

    /** One call to the bean, on a WorkManager thread, as the session's user if it has one. */
    private final class DecisionWork implements Work, WorkContextProvider {
        private static final long serialVersionUID = 1L;

        private final Stage stage;
        private final String sessionId;
        private final List<WorkContext> contexts;
        private final transient Function<SmtpListener, Decision> call;
        private final transient CompletableFuture<Decision> decision;
        private final long deadline;

        DecisionWork(Stage stage, SessionInfo session, Function<SmtpListener, Decision> call,
                CompletableFuture<Decision> decision) {
            this.stage = stage;
            this.sessionId = session.sessionId();
            String user = session.user();
            this.contexts = user == null ? List.of() : List.of(new CallerIdentity(user));
            this.call = call;
            this.decision = decision;
            this.deadline = System.nanoTime() + decisionTimeout.toNanos();
        }

        /**
         * True once the client has had a reply without this call: the decision came some
         * other way, or the decision timeout has passed, after which the engine answers by
         * itself and drops a later decision.
         */
        private boolean answered() {
            return decision.isDone() || System.nanoTime() - deadline >= 0;
        }

        @Override
        public List<WorkContext> getWorkContexts() {
            return contexts;
        }

        @Override
        public void run() {
            try {
                decide();
            } finally {
                // Completing the decision may run engine code, and so Netty code, on this
                // thread; its thread-locals must not outlive the work on a pooled thread.
                FastThreadLocal.removeAll();
            }
        }

        private void decide() {
            Decision answer;
            try {
                answer = callEndpoint();
            } catch (UnavailableException | RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "session " + sessionId + ": " + name + ", the "
                        + stage + " call failed");
                decision.completeExceptionally(e);
                return;
            } catch (Error e) {
                decision.completeExceptionally(e);
                throw e;
            }
            // Completed only after release(): the next call of the same session may need
            // the endpoint back in the pool.
            LOG.fine(() -> "session " + sessionId + ": " + name + ", " + stage + " -> "
                    + answer);
            decision.complete(answer);
        }

        private Decision callEndpoint() throws UnavailableException {
            TransactionOutcome outcome = new TransactionOutcome(this::answered);
            MessageEndpoint endpoint = factory.createEndpoint(outcome);
            Decision answer;
            try {
                answer = call.apply((SmtpListener) endpoint);
            } finally {
                endpoint.release();
            }
            // The container completes its transaction before the call returns here.
            if (outcome.rolledBack()) {
                throw new TransactionRolledBackException(name + ": the bean's transaction "
                        + "for " + stage + " rolled back");
            }
            if (answer == null) {
                throw new IllegalStateException("the bean returned no decision");
            }
            return answer;
        }

        /** Nothing to interrupt: a bean call cannot be stopped from here. */
        @Override
        public void release() {
        }
    }
}
