package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Path;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.LogCapture;
import org.smtpra.protocol.Stage;

/** The bean's calls run as the session's user once it authenticated, and only then. */
class EndpointInvokerTest {

    private static final SessionInfo SESSION = new SessionInfo("s1",
            new InetSocketAddress("192.0.2.7", 40000), new InetSocketAddress("127.0.0.1", 2587),
            "client.example.org", true, true, null);

    private final FakeContainer container = new FakeContainer(Map.of());
    private final Beans beans = new Beans();
    private final EndpointInvoker invoker =
            new EndpointInvoker("SubmissionBean", beans, container, 2, Duration.ofMinutes(4),
                    null);
    private final AtomicInteger calls = new AtomicInteger();

    private Decision ask(SessionInfo session) throws Exception {
        return invoker.invoke(Stage.MAIL, session, bean -> {
            calls.incrementAndGet();
            bean.onMailFrom(null);
            return Decision.accept();
        }).toCompletableFuture().get();
    }

    @Test
    void runsTheCallsOfAnAuthenticatedSessionAsItsUser() throws Exception {
        ask(SESSION.withUser("alice"));
        assertEquals(List.of("caller alice"), container.callbacks);
        assertEquals(1, calls.get());
    }

    @Test
    void runsTheCallsOfOtherSessionsWithoutAnIdentity() throws Exception {
        ask(SESSION);
        assertEquals(List.of(), container.callbacks);
        assertEquals(1, calls.get());
    }

    @Test
    void failsWithoutCallingTheBeanWhenTheIdentityCannotBeSetUp() {
        container.refuseCallers();
        assertThrows(ExecutionException.class, () -> ask(SESSION.withUser("alice")));
        assertEquals(0, calls.get());
    }

    @Test
    void failsTheCallWhenTheBeansTransactionRollsBack() throws Exception {
        beans.transaction = "rollback";
        ExecutionException failure = assertThrows(ExecutionException.class, () -> ask(SESSION));
        assertEquals(TransactionRolledBackException.class, failure.getCause().getClass());
        assertEquals(1, calls.get());
    }

    @Test
    void takesTheDecisionOfATransactionThatCommitted() throws Exception {
        beans.transaction = "commit";
        assertEquals(Decision.accept(), ask(SESSION));
    }

    /** The client was answered while the bean still worked: its work must not stay. */
    @Test
    void rollsBackTheTransactionOfACallWhoseClientWasAnsweredWithoutIt() throws Exception {
        for (String transaction : List.of("commit", "two-phase commit")) {
            beans.transaction = transaction;
            container.holdWork();
            var late = invoker.invoke(Stage.DATA, SESSION, this::askedOnce);
            late.toCompletableFuture().completeExceptionally(new TimeoutException("timeout"));
            container.runHeldWork();
        }
        assertEquals(List.of("rolled back by the resource", "rolled back by the resource"),
                beans.outcomes);
    }

    /** Past the decision timeout the engine has answered the client by itself. */
    @Test
    void rollsBackTheTransactionOfACallThatEndsPastTheDecisionTimeout() throws Exception {
        EndpointInvoker impatient = new EndpointInvoker("MailboxBean", beans, container, 2,
                Duration.ofMillis(20), null);
        beans.transaction = "two-phase commit";
        container.holdWork();
        var late = impatient.invoke(Stage.DATA, SESSION, this::askedOnce);
        Thread.sleep(40);
        container.runHeldWork();
        assertThrows(ExecutionException.class, () -> late.toCompletableFuture().get());
        assertEquals(List.of("rolled back by the resource"), beans.outcomes);
    }

    /**
     * With the server's registry, endpoints are made without a witness, and each call is a
     * delivery between beforeDelivery and afterDelivery that the registry watches.
     */
    @Test
    void deliversBetweenBeforeAndAfterDeliveryWithTheServersRegistry() throws Exception {
        FakeTransactions transactions = new FakeTransactions();
        transactions.transacted = false;
        EndpointInvoker watched = new EndpointInvoker("MailboxBean", beans, container, 2,
                Duration.ofMinutes(4), transactions);
        assertEquals(Decision.accept(), watched.invoke(Stage.RCPT, SESSION, bean -> {
            bean.onRecipient(null, null);
            return Decision.accept();
        }).toCompletableFuture().get());
        assertEquals(List.of("null resource", "beforeDelivery onRecipient", "onRecipient",
                "afterDelivery"), beans.delivered);
    }

    /**
     * A call whose client was answered before it ended: the adapter rolls its transaction
     * back, and Payara reports that as a failed delivery. One INFO line says so, without a
     * stack trace, and the endpoint is released rather than kept; the next call has a new
     * one.
     */
    @Test
    void releasesTheEndpointOfACallRolledBackAsAsked() throws Exception {
        FakeTransactions transactions = new FakeTransactions();
        transactions.failOnRollbackAsked = true;
        int[] made = {0};
        int[] released = {0};
        MessageEndpointFactory payaraLike = new TransactedBeans(transactions, made, released);
        EndpointInvoker watched = new EndpointInvoker("MailboxBean", payaraLike, container, 2,
                Duration.ofMillis(20), transactions);
        Function<SmtpListener, Decision> slow = bean -> {
            bean.onMessage(null);
            sleepQuietly(100);
            return Decision.accept();
        };
        try (LogCapture log = new LogCapture(EndpointInvoker.class.getName(), Level.INFO)) {
            var late = watched.invoke(Stage.DATA, SESSION, slow).toCompletableFuture();
            ExecutionException failed = assertThrows(ExecutionException.class, late::get);
            assertInstanceOf(TransactionRolledBackException.class, failed.getCause());
            assertEquals(List.of("session s1: MailboxBean, the DATA call's transaction rolled "
                    + "back: its client had been answered or had left before it ended"),
                    log.messages());
        }
        assertEquals(1, released[0]);
        watched.invoke(Stage.DATA, SESSION, bean -> Decision.accept()).toCompletableFuture()
                .get();
        assertEquals(2, made[0]);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Endpoints whose deliveries begin and end transactions of {@code transactions}. */
    private record TransactedBeans(FakeTransactions transactions, int[] made, int[] released)
            implements MessageEndpointFactory {
        @Override
        public MessageEndpoint createEndpoint(XAResource resource) {
            made[0]++;
            return (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {MessageEndpoint.class, SmtpListener.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "beforeDelivery" -> transactions.begin((Method) args[0]);
                        case "afterDelivery" -> transactions.end();
                        case "release" -> released[0]++;
                        default -> null;
                    });
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource resource, long timeout) {
            return createEndpoint(resource);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return true;
        }

        @Override
        public String getActivationName() {
            return "MailboxBean";
        }

        @Override
        public Class<?> getEndpointClass() {
            return SmtpListener.class;
        }
    }

    private Decision askedOnce(SmtpListener bean) {
        calls.incrementAndGet();
        bean.onMailFrom(null);
        return Decision.accept();
    }

    @Test
    void commitsInTwoPhasesWhenTheClientIsStillWaiting() throws Exception {
        beans.transaction = "two-phase commit";
        assertEquals(Decision.accept(), ask(SESSION));
        assertEquals(List.of("committed"), beans.outcomes);
    }

    @Test
    void runsCallsPastTheLimitInTurnOnceABeanIsFree() throws Exception {
        container.holdWork();
        List<String> order = new ArrayList<>();
        var first = invoker.invoke(Stage.MAIL, SESSION, bean -> decided(order, "first"));
        var second = invoker.invoke(Stage.MAIL, SESSION, bean -> decided(order, "second"));
        var third = invoker.invoke(Stage.MAIL, SESSION, bean -> decided(order, "third"));
        assertEquals(false, third.toCompletableFuture().isDone());
        container.runHeldWork();
        assertEquals(Decision.accept(), first.toCompletableFuture().get());
        assertEquals(Decision.accept(), second.toCompletableFuture().get());
        assertEquals(Decision.accept(), third.toCompletableFuture().get());
        // The third starts as soon as the first ends, on the thread that ended it.
        assertEquals(List.of("first", "third", "second"), order);
    }

    private static Decision decided(List<String> order, String call) {
        order.add(call);
        return Decision.accept();
    }

    /** A bean past its decision timeout still holds its thread: its permit stays taken. */
    @Test
    void keepsThePermitOfACallWhoseClientWasAnsweredUntilTheCallEnds() throws Exception {
        container.holdWork();
        var first = invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        first.toCompletableFuture().completeExceptionally(new TimeoutException("timeout"));
        var third = invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        assertEquals(List.of(), beans.outcomes);
        assertEquals(0, calls.get());
        container.runHeldWork();
        assertEquals(Decision.accept(), third.toCompletableFuture().get());
        assertEquals(3, calls.get());
    }

    /** The engine answered the client while the call waited: the bean is never asked. */
    @Test
    void dropsAWaitingCallWhoseClientWasAnswered() throws Exception {
        container.holdWork();
        invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        var waiting = invoker.invoke(Stage.MAIL, SESSION, this::askedOnce);
        waiting.toCompletableFuture().completeExceptionally(new TimeoutException("timeout"));
        container.runHeldWork();
        assertEquals(2, calls.get());
        assertEquals(Decision.accept(), ask(SESSION));
    }

    @Test
    void failsAWaitingCallThatReachesItsTurnPastTheDecisionTimeout() throws Exception {
        EndpointInvoker impatient = new EndpointInvoker("MailboxBean", beans, container, 1,
                Duration.ofMillis(20), null);
        container.holdWork();
        impatient.invoke(Stage.MAIL, SESSION, this::askedOnce);
        var late = impatient.invoke(Stage.MAIL, SESSION, this::askedOnce);
        Thread.sleep(40);
        container.runHeldWork();
        ExecutionException busy = assertThrows(ExecutionException.class,
                () -> late.toCompletableFuture().get());
        assertEquals(ListenerBusyException.class, busy.getCause().getClass());
        assertEquals(1, calls.get());
    }

    @Test
    void servesCallsOneAfterAnotherWithOneEndpoint() throws Exception {
        beans.transaction = "commit";
        for (int i = 0; i < 3; i++) {
            assertEquals(Decision.accept(), ask(SESSION));
        }
        assertEquals(1, beans.created);
        assertEquals(0, beans.released);
        assertEquals(List.of("committed", "committed", "committed"), beans.outcomes);
    }

    /** A rolled-back call leaves its endpoint fit for the next, which may commit. */
    @Test
    void anEndpointKeptAfterARollbackSeesTheNextCallCommit() throws Exception {
        beans.transaction = "rollback";
        assertThrows(ExecutionException.class, () -> ask(SESSION));
        beans.transaction = "commit";
        assertEquals(Decision.accept(), ask(SESSION));
        assertEquals(1, beans.created);
    }

    @Test
    void keepsAsManyEndpointsAsCallsRanAtOnceAndReleasesThemWhenClosed() throws Exception {
        EndpointInvoker threaded = new EndpointInvoker("MailboxBean", beans,
                new ThreadPerWork(), 2, Duration.ofMinutes(4), null);
        CountDownLatch bothCalled = new CountDownLatch(2);
        Function<SmtpListener, Decision> meetTheOther = bean -> {
            bothCalled.countDown();
            awaitQuietly(bothCalled);
            return Decision.accept();
        };
        var first = threaded.invoke(Stage.MAIL, SESSION, meetTheOther);
        var second = threaded.invoke(Stage.MAIL, SESSION, meetTheOther);
        first.toCompletableFuture().get(10, TimeUnit.SECONDS);
        second.toCompletableFuture().get(10, TimeUnit.SECONDS);
        threaded.invoke(Stage.MAIL, SESSION, this::askedOnce).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(2, beans.created);
        assertEquals(0, beans.released);

        threaded.close();
        assertEquals(2, beans.released);
        // Sessions that started before may still ask: each call then releases its endpoint.
        threaded.invoke(Stage.MAIL, SESSION, this::askedOnce).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(3, beans.created);
        assertEquals(3, beans.released);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A WorkManager that runs each work on a thread of its own, so that calls overlap. */
    private static final class ThreadPerWork implements WorkManager {
        @Override
        public void doWork(Work work) {
            work.run();
        }

        @Override
        public void doWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            work.run();
        }

        @Override
        public long startWork(Work work) {
            scheduleWork(work);
            return 0;
        }

        @Override
        public long startWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            scheduleWork(work, timeout, context, listener);
            return 0;
        }

        @Override
        public void scheduleWork(Work work) {
            new Thread(work).start();
        }

        @Override
        public void scheduleWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            new Thread(() -> {
                work.run();
                listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work,
                        null));
            }).start();
        }
    }

    @Test
    void releasesTheEndpointOfACallThatFailed() throws Exception {
        beans.failing = true;
        assertThrows(ExecutionException.class, () -> ask(SESSION));
        assertEquals(1, beans.released);
        beans.failing = false;
        assertEquals(Decision.accept(), ask(SESSION));
        assertEquals(2, beans.created);
    }

    @Test
    void asksTheBeanOnlyAtTheStagesItsClassImplements() {
        assertEquals(EnumSet.of(Stage.RCPT, Stage.DATA),
                EndpointInvoker.askedStages(RecipientsOnly.class));
        assertEquals(EnumSet.allOf(Stage.class), EndpointInvoker.askedStages(SmtpListener.class));
        assertEquals(EnumSet.allOf(Stage.class), EndpointInvoker.askedStages(null));
    }

    @Test
    void answersAStageTheBeanLeavesToTheDefaultWithoutTheContainer() throws Exception {
        beans.endpointClass = RecipientsOnly.class;
        EndpointInvoker lean = new EndpointInvoker("MailboxBean", beans, container, 2,
                Duration.ofMinutes(4), null);
        var decision = lean.invoke(Stage.MAIL, SESSION, bean -> bean.onMailFrom(null));
        assertEquals(Decision.accept(), decision.toCompletableFuture().getNow(null));
        assertEquals(0, beans.created);
        lean.invoke(Stage.RCPT, SESSION, this::askedOnce).toCompletableFuture().get();
        assertEquals(1, beans.created);
    }

    /** A bean that decides on recipients and messages, and leaves the rest to the defaults. */
    private static class RecipientsOnly implements SmtpListener {
        @Override
        public Decision onRecipient(Envelope envelope, Path recipient) {
            return Decision.accept();
        }

        @Override
        public Decision onMessage(Mail mail) {
            return Decision.accept();
        }
    }

    /**
     * Endpoints that are listeners and nothing more, as the container's proxies are; when
     * {@code transaction} says so, each call runs in a transaction that ends as it says,
     * enlisting the resource it was given, as a container does: "rollback", "commit" (the
     * resource alone, in one phase) or "two-phase commit" (beside another resource). A
     * resource that refuses the commit rolls the transaction back, and the call throws.
     */
    private static final class Beans implements MessageEndpointFactory {
        private String transaction;
        private final List<String> outcomes = new ArrayList<>();
        /** What the endpoints were made with and asked, in order. */
        private final List<String> delivered = new CopyOnWriteArrayList<>();
        private Class<?> endpointClass = SmtpListener.class;
        // Written by calls on other threads in some tests.
        private volatile int created;
        private volatile int released;
        private volatile boolean failing;

        @Override
        public synchronized MessageEndpoint createEndpoint(XAResource resource) {
            created++;
            if (resource == null) {
                delivered.add("null resource");
            }
            return (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {MessageEndpoint.class, SmtpListener.class},
                    (proxy, method, args) -> {
                        delivered.add(method.getName().equals("beforeDelivery")
                                ? "beforeDelivery " + ((Method) args[0]).getName()
                                : method.getName());
                        if (method.getName().equals("release")) {
                            countRelease();
                            return null;
                        }
                        if (failing) {
                            throw new IllegalStateException("the bean failed");
                        }
                        if (transaction != null && method.getDeclaringClass()
                                == SmtpListener.class) {
                            resource.start(null, XAResource.TMNOFLAGS);
                            resource.end(null, XAResource.TMSUCCESS);
                            end(resource);
                        }
                        return null;
                    });
        }

        private synchronized void countRelease() {
            released++;
        }

        private void end(XAResource resource) throws XAException {
            if (transaction.equals("rollback")) {
                resource.rollback(null);
                return;
            }
            try {
                if (transaction.equals("commit")) {
                    resource.commit(null, true);
                } else {
                    resource.prepare(null);
                    resource.commit(null, false);
                }
                outcomes.add("committed");
            } catch (XAException e) {
                outcomes.add("rolled back by the resource");
                throw new IllegalStateException("the transaction rolled back", e);
            }
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource resource, long timeout) {
            return createEndpoint(resource);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "SubmissionBean";
        }

        @Override
        public Class<?> getEndpointClass() {
            return endpointClass;
        }
    }
}
