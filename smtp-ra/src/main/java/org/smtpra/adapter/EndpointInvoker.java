package org.smtpra.adapter;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.ResourceException;
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
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Path;
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
 * had, the WorkManager refused the work, or the bean failed. The price is two thread
 * wake-ups a call, on a quiet machine most of what a decision adds to one session's reply
 * time (a known limit, in the README).
 *
 * <p>The calls of an authenticated session carry a {@link CallerIdentity}, so the server runs
 * them as the session's user and the bean sees that user as its caller principal; the calls
 * of other sessions run unauthenticated.
 *
 * <p>Each call is a delivery between {@code beforeDelivery} and {@code afterDelivery} that
 * watches the bean's container transaction through the server's registry
 * ({@link WatchedDelivery}); on a server without one, each endpoint is created with a
 * {@link TransactionOutcome} that the container enlists instead. Either way, when the bean's
 * transaction rolls back, the call fails even though the bean returned, so that no message
 * is acknowledged and then lost; and when the client was answered before the bean finished
 * (a decision timeout) or left (the session cancels the call's decision), the transaction
 * is made to roll back.
 *
 * <p>An endpoint serves one call after another, as the Connectors specification lets a
 * resource adapter do: the container's proxy and its bookkeeping are made once, not at every
 * call. Idle endpoints are
 * kept, at most one per call that ran at once, until {@link #close}; an endpoint whose call
 * failed is released at once, since the container may have discarded the bean behind it.
 *
 * <p>At most {@code maxConcurrentCalls} calls of one listener run at once, so that a bean
 * pool that stopped answering holds no more than its share of the WorkManager's threads.
 * Calls past that wait their turn in order of arrival, holding no thread: a burst of
 * clients larger than the bean pool is served a little later rather than refused. A call
 * still waiting when its decision timeout has passed is dropped, since the engine has
 * answered its client by then.
 *
 * <p>A stage whose method the bean's class does not override is answered here with the
 * interface's default, which accepts, without a call into the container: a call costs a
 * WorkManager thread, a bean instance and the container's invocation, and for a bean that
 * only decides on recipients and messages it would double what each message costs.
 * Interceptors of the bean therefore see only the stages it implements.
 */
final class EndpointInvoker implements ListenerInvoker {

    private static final Logger LOG = Logger.getLogger(EndpointInvoker.class.getName());

    /** The interface's defaults, for the stages the bean leaves to them. */
    private static final SmtpListener DEFAULTS = mail -> {
        throw new IllegalStateException("onMessage is always the bean's");
    };
    private static final Map<Stage, Method> METHODS = listenerMethods();

    private final String name;
    private final MessageEndpointFactory factory;
    private final WorkManager workManager;
    private final Semaphore calls;
    private final Queue<DecisionWork> waiting = new ConcurrentLinkedQueue<>();
    /** Requests to {@link #startWaitingCalls()}; only the thread that raised it from 0 works. */
    private final AtomicInteger startRequests = new AtomicInteger();
    private final Duration decisionTimeout;
    /** The server's, to watch the bean's transactions; null when it has none. */
    private final TransactionSynchronizationRegistry transactions;
    private final Set<Stage> asked;
    /** Endpoints between two calls, the one used last first. */
    private final Deque<PooledEndpoint> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * An endpoint and the witness it was created with, which it keeps for its life; none
     * when the transactions are watched through the registry.
     */
    private record PooledEndpoint(MessageEndpoint endpoint, TransactionOutcome outcome) {
    }

    /**
     * @param name the listener's name, for logs
     * @param factory the container's factory of the bean's endpoints
     * @param workManager where the calls run
     * @param maxConcurrentCalls how many calls may be under way at once
     * @param decisionTimeout how long the engine waits for a call before it answers the
     *                        client itself
     * @param transactions the server's registry, through which each call learns whether
     *                     the bean's transaction committed ({@link WatchedDelivery}); null
     *                     when the server has none, and then each endpoint has a
     *                     {@link TransactionOutcome} enlisted instead
     */
    EndpointInvoker(String name, MessageEndpointFactory factory, WorkManager workManager,
            int maxConcurrentCalls, Duration decisionTimeout,
            TransactionSynchronizationRegistry transactions) {
        this.name = name;
        this.factory = factory;
        this.workManager = workManager;
        this.calls = new Semaphore(maxConcurrentCalls);
        this.decisionTimeout = decisionTimeout;
        this.transactions = transactions;
        this.asked = askedStages(factory.getEndpointClass());
    }

    /**
     * The stages whose method the bean's class implements; every stage when the server does
     * not name a concrete class.
     */
    static Set<Stage> askedStages(Class<?> bean) {
        Set<Stage> stages = EnumSet.allOf(Stage.class);
        if (bean == null || bean.isInterface()) {
            return stages;
        }
        for (Stage stage : Stage.values()) {
            if (!implemented(bean, stage)) {
                stages.remove(stage);
            }
        }
        return stages;
    }

    private static boolean implemented(Class<?> bean, Stage stage) {
        try {
            return method(bean, stage).getDeclaringClass() != SmtpListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** The listener's method that decides at this stage, as {@code type} has it. */
    private static Method method(Class<?> type, Stage stage) throws NoSuchMethodException {
        return switch (stage) {
            case CONNECT -> type.getMethod("onConnect", SessionInfo.class);
            case HELO -> type.getMethod("onHelo", SessionInfo.class);
            case AUTH -> type.getMethod("onAuthenticated", SessionInfo.class);
            case MAIL -> type.getMethod("onMailFrom", Envelope.class);
            case RCPT -> type.getMethod("onRecipient", Envelope.class, Path.class);
            case DATA -> type.getMethod("onMessage", Mail.class);
        };
    }

    /** The interface's methods, which a delivery names to the container. */
    private static Map<Stage, Method> listenerMethods() {
        Map<Stage, Method> methods = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            try {
                methods.put(stage, method(SmtpListener.class, stage));
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        return methods;
    }

    @Override
    public CompletionStage<Decision> invoke(Stage stage, SessionInfo session,
            Function<SmtpListener, Decision> call) {
        if (!asked.contains(stage)) {
            return CompletableFuture.completedFuture(call.apply(DEFAULTS));
        }
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        DecisionWork work = new DecisionWork(stage, session, call, decision);
        waiting.add(work);
        // A call the engine gave up on while it waited (its decision timeout) leaves the
        // queue then, not when it reaches the head: a pool that stopped answering must not
        // make the queue grow with calls nobody waits for.
        decision.whenComplete((answer, failure) -> {
            if (!work.started) {
                waiting.remove(work);
            }
        });
        startWaitingCalls();
        return decision;
    }

    /** Releases the idle endpoints; calls that end later release theirs. */
    @Override
    public void close() {
        closed = true;
        for (PooledEndpoint pooled = idle.pollFirst(); pooled != null;
                pooled = idle.pollFirst()) {
            pooled.endpoint().release();
        }
    }

    private PooledEndpoint takeEndpoint() throws UnavailableException {
        PooledEndpoint pooled = idle.pollFirst();
        if (pooled != null) {
            return pooled;
        }
        if (transactions != null) {
            return new PooledEndpoint(factory.createEndpoint(null), null);
        }
        TransactionOutcome outcome = new TransactionOutcome();
        return new PooledEndpoint(factory.createEndpoint(outcome), outcome);
    }

    /** Keeps the endpoint for the next call, unless the invoker closed meanwhile. */
    private void giveBack(PooledEndpoint pooled) {
        if (pooled.outcome() != null) {
            pooled.outcome().clear();
        }
        idle.addFirst(pooled);
        // Checked after adding: a close() that drained the pool before the add is seen here.
        if (closed && idle.remove(pooled)) {
            pooled.endpoint().release();
        }
    }

    /**
     * Starts waiting calls while a call may start. Any thread may ask, after it queued a
     * call or ended one; the requests are counted so that one thread at a time starts calls,
     * and a request made while it works makes it look again, so no call is left waiting
     * beside a free permit.
     */
    private void startWaitingCalls() {
        if (startRequests.getAndIncrement() != 0) {
            return;
        }
        int requests = 1;
        do {
            DecisionWork next;
            while (!waiting.isEmpty() && calls.tryAcquire()) {
                next = waiting.poll();
                if (next == null) {
                    calls.release();
                } else {
                    start(next);
                }
            }
            requests = startRequests.addAndGet(-requests);
        } while (requests != 0);
    }

    /** Runs a call that holds a permit, unless its client was answered while it waited. */
    private void start(DecisionWork work) {
        if (work.answered()) {
            calls.release();
            work.decision.completeExceptionally(new ListenerBusyException(name + ": no bean "
                    + "was free within the decision timeout"));
            return;
        }
        work.started = true;
        try {
            workManager.scheduleWork(work, WorkManager.INDEFINITE, null,
                    new FailureListener(work));
        } catch (WorkException e) {
            LOG.log(Level.WARNING, e, () -> "session " + work.sessionId + ": " + name
                    + " cannot schedule the " + work.stage + " call");
            work.decision.completeExceptionally(e);
            work.end();
        }
    }

    /**
     * Fails the decision when the WorkManager gives up on the work after accepting it, or
     * when the work never ran because the server could not set up its caller identity; and
     * ends the call however it went.
     */
    private static final class FailureListener extends WorkAdapter {
        private final DecisionWork work;

        FailureListener(DecisionWork work) {
            this.work = work;
        }

        @Override
        public void workRejected(WorkEvent event) {
            WorkException cause = event.getException();
            work.decision.completeExceptionally(cause != null ? cause
                    : new WorkException("the WorkManager rejected the call"));
            work.end();
        }

        /** A decision the work already made stays; this only ends one that never came. */
        @Override
        public void workCompleted(WorkEvent event) {
            if (event.getException() != null) {
                work.decision.completeExceptionally(event.getException());
            }
            work.end();
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
        /** Set once the call holds a permit and leaves the queue; read by other threads. */
        private volatile boolean started;
        private final AtomicBoolean ended = new AtomicBoolean();

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
         * True once the client has had a reply without this call, or nobody waits for it:
         * the decision came some other way, the session abandoned it (cancelled it) as its
         * client left, or the decision timeout has passed, after which the engine answers by
         * itself and drops a later decision.
         */
        private boolean answered() {
            return decision.isDone() || System.nanoTime() - deadline >= 0;
        }

        @Override
        public List<WorkContext> getWorkContexts() {
            return contexts;
        }

        /**
         * Gives the permit back, once, when the call has ended on its thread or never ran:
         * not when the client was answered, since a bean past its decision timeout still
         * holds a pooled instance and a WorkManager thread.
         */
        void end() {
            if (ended.compareAndSet(false, true)) {
                calls.release();
                startWaitingCalls();
            }
        }

        @Override
        public void run() {
            try {
                decide();
            } finally {
                end();
                // Completing the decision may run engine code, and so Netty code, on this
                // thread; its thread-locals must not outlive the work on a pooled thread.
                FastThreadLocal.removeAll();
            }
        }

        private void decide() {
            Decision answer;
            try {
                answer = callEndpoint();
            } catch (TransactionRolledBackException | CancellationException e) {
                logAbandoned(e);
                decision.completeExceptionally(e);
                return;
            } catch (ResourceException | RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "session " + sessionId + ": " + name + ", the "
                        + stage + " call failed");
                decision.completeExceptionally(e);
                return;
            } catch (Error e) {
                decision.completeExceptionally(e);
                throw e;
            }
            // Completed only once the endpoint is idle again: the next call of the same
            // session may need it.
            LOG.fine(() -> "session " + sessionId + ": " + name + ", " + stage + " -> "
                    + answer);
            if (!decision.complete(answer) && answer.isAccepted()) {
                // The bean's work stands, though its client was not told: it may send the
                // message again (RFC 1047).
                LOG.info(() -> "session " + sessionId + ": " + name + ", the " + stage
                        + " call accepted after its client had been answered or had left; "
                        + "what the bean did stands");
            }
        }

        /**
         * A rollback the adapter asked for, or a message withheld from the bean, because the
         * client had its reply or left before the call ended, is the expected end of such a
         * call: one line, no stack trace, since a client can cause it at will. Any other
         * rollback is the bean's or the server's.
         */
        private void logAbandoned(RuntimeException e) {
            boolean withheld = e instanceof CancellationException;
            if (withheld || e instanceof TransactionRolledBackException rollback
                    && rollback.asked()) {
                String end = withheld ? " call was dropped" : " call's transaction rolled back";
                LOG.info(() -> "session " + sessionId + ": " + name + ", the " + stage + end
                        + ": its client had been answered or had left before it ended");
            } else {
                LOG.log(Level.WARNING, e, () -> "session " + sessionId + ": " + name
                        + ", the " + stage + " call failed");
            }
        }

        private Decision callEndpoint() throws ResourceException {
            PooledEndpoint pooled = takeEndpoint();
            Decision answer;
            try {
                answer = pooled.outcome() == null
                        ? WatchedDelivery.deliver(pooled.endpoint(), METHODS.get(stage),
                                transactions, this::answered, call)
                        : callWithWitness(pooled);
            } catch (TransactionRolledBackException e) {
                // The bean returned: its endpoint is fit for the next call, unless the
                // container reported the rollback as a failed delivery.
                if (e.getCause() == null) {
                    giveBack(pooled);
                } else {
                    pooled.endpoint().release();
                }
                throw e;
            } catch (ResourceException | RuntimeException | Error e) {
                pooled.endpoint().release();
                throw e;
            }
            giveBack(pooled);
            if (answer == null) {
                throw new IllegalStateException("the bean returned no decision");
            }
            return answer;
        }

        /** The call with the endpoint's enlisted witness, when there is no registry. */
        private Decision callWithWitness(PooledEndpoint pooled) {
            pooled.outcome().begin(this::answered);
            Decision answer = call.apply((SmtpListener) pooled.endpoint());
            // The container completes its transaction before the call returns here.
            if (pooled.outcome().rolledBack()) {
                throw new TransactionRolledBackException(name + ": the bean's transaction "
                        + "for " + stage + " rolled back", false);
            }
            return answer;
        }

        /** Nothing to interrupt: a bean call cannot be stopped from here. */
        @Override
        public void release() {
        }
    }
}
