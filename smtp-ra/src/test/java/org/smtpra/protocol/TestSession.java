package org.smtpra.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * Drives one {@link SmtpSession} without a socket: bytes in, the replies written out. The
 * listener is called on the spot, like a container that answers at once, unless a test
 * holds decisions back with {@link #holdDecisions()}.
 */
final class TestSession implements SessionChannel {

    /** A message as the listener received it, copied before the spool goes away. */
    record Delivered(Mail mail, String content) {
    }

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Delivered> delivered = new ArrayList<>();
    private final List<CompletableFuture<Decision>> held = new ArrayList<>();
    private final ManualExecutor executor = new ManualExecutor();
    private final SmtpSession session;
    private boolean holding;
    private boolean closed;
    private boolean reading = true;
    private Reply tlsRefusal;
    private boolean tlsRequested;

    TestSession(SessionConfig config, SmtpListener listener) {
        this(config, listener, "192.0.2.10");
    }

    TestSession(SessionConfig config, SmtpListener listener, String clientIp) {
        this(config, listener, clientIp, Authenticator.none());
    }

    TestSession(SessionConfig config, SmtpListener listener, String clientIp,
            Authenticator authenticator) {
        SessionInfo info = new SessionInfo("t1", address(clientIp, 40000),
                address("127.0.0.1", 2525), null, false, false, null);
        ListenerInvoker invoker = (stage, session, call) -> invoke(listener, call);
        session = new SmtpSession(config, info, invoker, authenticator, this, executor);
    }

    /**
     * A config for tests: local domain example.com, spool in the temp folder. Pipelining is
     * not held to RFC 2920's groups, so that a test can send a whole exchange in one piece;
     * SynchronizationTest checks the rules with strictPipelining on.
     */
    static SessionConfig.Builder config() {
        return SessionConfig.builder()
                .serverName("mx.example.com")
                .localDomains(java.util.Set.of("example.com"))
                .strictPipelining(false);
    }

    /** Starts the session and returns the greeting. */
    String start() {
        session.start();
        return takeOutput();
    }

    /** Sends text as it is (say the CRLFs) in one piece and returns what came back. */
    String send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    String send(byte[] bytes) {
        session.receive(ByteBuffer.wrap(bytes));
        return takeOutput();
    }

    /** Sends each byte on its own, as a slow network might deliver it. */
    String sendByteByByte(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(send(new byte[] {b}));
        }
        return out.toString();
    }

    /** From now on decisions wait until {@link #releaseDecisions()}. */
    void holdDecisions() {
        holding = true;
    }

    /**
     * Lets the decisions held so far complete, then runs the session's resumptions; later
     * decisions are held again.
     */
    String releaseDecisions() {
        completeDecisions();
        runResumptions();
        return takeOutput();
    }

    /**
     * Lets the decisions held so far complete without running the session's resumptions,
     * as when the decision arrives while the client's departure is being handled.
     */
    void completeDecisions() {
        List<CompletableFuture<Decision>> pending = new ArrayList<>(held);
        held.clear();
        for (CompletableFuture<Decision> future : pending) {
            future.complete(null);
        }
    }

    void runResumptions() {
        executor.runPending();
    }

    /** Moves the session's clock on, firing the timers that fall due. */
    String advance(java.time.Duration time) {
        executor.advance(time.toNanos());
        return takeOutput();
    }

    void shutdown() {
        session.shutdown();
    }

    void disconnect() {
        session.disconnected();
    }

    List<Delivered> delivered() {
        return delivered;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isReading() {
        return reading;
    }

    String takeOutput() {
        String out = written.toString(StandardCharsets.UTF_8);
        written.reset();
        return out;
    }

    @Override
    public void write(byte[] bytes) {
        written.writeBytes(bytes);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        closed = true;
    }

    /** TLS is set up when a test says so, and the handshake succeeds at once. */
    @Override
    public Reply startTls(byte[] reply) {
        if (tlsRefusal != null) {
            return tlsRefusal;
        }
        write(reply);
        tlsRequested = true;
        return null;
    }

    /** STARTTLS will be refused with this reply, as the transport would. */
    void refuseTls(Reply refusal) {
        tlsRefusal = refusal;
    }

    /** Completes the handshake that STARTTLS began. */
    String completeHandshake() {
        if (!tlsRequested) {
            throw new IllegalStateException("no STARTTLS to complete");
        }
        tlsRequested = false;
        session.tlsStarted("TLSv1.3", "TLS_AES_128_GCM_SHA256");
        return takeOutput();
    }

    @Override
    public void setReading(boolean value) {
        reading = value;
    }

    private CompletableFuture<Decision> invoke(SmtpListener listener,
            java.util.function.Function<SmtpListener, Decision> call) {
        SmtpListener recording = new Recording(listener);
        if (!holding) {
            try {
                return CompletableFuture.completedFuture(call.apply(recording));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Decision> gate = new CompletableFuture<>();
        held.add(gate);
        return gate.thenApply(ignored -> call.apply(recording));
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Copies each message's content while it is readable. */
    private final class Recording implements SmtpListener {
        private final SmtpListener target;

        Recording(SmtpListener target) {
            this.target = target;
        }

        @Override
        public Decision onConnect(SessionInfo session) {
            return target.onConnect(session);
        }

        @Override
        public Decision onHelo(SessionInfo session) {
            return target.onHelo(session);
        }

        @Override
        public Decision onAuthenticated(SessionInfo session) {
            return target.onAuthenticated(session);
        }

        @Override
        public Decision onMailFrom(org.smtpra.api.Envelope envelope) {
            return target.onMailFrom(envelope);
        }

        @Override
        public Decision onRecipient(org.smtpra.api.Envelope envelope, org.smtpra.api.Path path) {
            return target.onRecipient(envelope, path);
        }

        @Override
        public Decision onMessage(Mail mail) {
            Decision decision = target.onMessage(mail);
            if (decision.isAccepted()) {
                delivered.add(new Delivered(mail, read(mail)));
            }
            return decision;
        }

        private String read(Mail mail) {
            try (InputStream in = mail.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A session thread driven by hand: tasks wait until run, time moves when told. */
    private static final class ManualExecutor implements SessionExecutor {
        private record Timer(long due, Runnable task, CompletableFuture<Void> handle) {
        }

        private final List<Runnable> pending = new ArrayList<>();
        private final List<Timer> timers = new ArrayList<>();
        private long now = 1_000_000_000L;

        @Override
        public void execute(Runnable task) {
            pending.add(task);
        }

        @Override
        public java.util.concurrent.Future<?> schedule(Runnable task, long delayNanos) {
            CompletableFuture<Void> handle = new CompletableFuture<>();
            timers.add(new Timer(now + delayNanos, task, handle));
            return handle;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        void runPending() {
            while (!pending.isEmpty()) {
                pending.remove(0).run();
            }
        }

        void advance(long nanos) {
            now += nanos;
            boolean fired = true;
            while (fired) {
                fired = false;
                for (Timer timer : List.copyOf(timers)) {
                    if (timer.due() - now <= 0) {
                        timers.remove(timer);
                        if (!timer.handle().isCancelled()) {
                            timer.task().run();
                            runPending();
                            fired = true;
                        }
                    }
                }
            }
        }
    }
}
