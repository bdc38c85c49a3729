package org.smtpra.protocol;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.smtpra.api.Decision;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * The fuzz tests' way into the engine's package: sessions with an in-memory channel and the
 * package's parsers, with their own syntax errors caught and anything else let through.
 */
public final class FuzzAccess {

    private FuzzAccess() {
    }

    /** A session whose realm knows one user, and whose listener accepts all. */
    public static Session session(SessionConfig config, String user, String password) {
        return new Session(config, user, password);
    }

    /** The path, or null for a syntax error. */
    public static Path parsePath(String text, boolean utf8) {
        try {
            return PathParser.parse(text, utf8);
        } catch (SyntaxException e) {
            return null;
        }
    }

    /** Parses and checks a MAIL argument; syntax errors are the expected refusals. */
    public static void checkMailArgument(String text, boolean extended, boolean auth) {
        try {
            PathArgument argument = PathArgument.split(text, "FROM:");
            MailParameters.check(argument.parameters(), extended, 10_000, auth);
            argument.path(MailParameters.utf8(argument.parameters()));
        } catch (SyntaxException e) {
            // A refusal with a catalog reply is what bad input should get.
        }
    }

    /** Runs a SASL exchange over an initial response and one answer. */
    public static void sasl(String mechanism, String initial, String answer) {
        SaslExchange exchange = new SaslExchange(mechanism);
        if (exchange.start(initial) instanceof SaslExchange.Challenge) {
            exchange.respond(answer);
        }
    }

    /** A session driven in memory; timers never fire. */
    public static final class Session implements SessionChannel, SessionExecutor {
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final SmtpSession session;
        private boolean closed;

        Session(SessionConfig config, String user, String password) {
            SmtpListener listener = mail -> Decision.accept();
            ListenerInvoker invoker = (stage, info, call) ->
                    CompletableFuture.completedFuture(call.apply(listener));
            Authenticator realm = (info, name, secret) -> CompletableFuture.completedFuture(
                    name.equals(user) && new String(secret).equals(password)
                            ? Authenticator.Verdict.VALID : Authenticator.Verdict.INVALID);
            InetAddress client = InetAddress.getLoopbackAddress();
            SessionInfo info = new SessionInfo("fuzz", new InetSocketAddress(client, 40000),
                    new InetSocketAddress(client, 25), null, false, false, null);
            session = new SmtpSession(config, info, invoker, realm, this, this);
        }

        public void start() {
            session.start();
        }

        public void send(byte[] bytes) {
            session.receive(ByteBuffer.wrap(bytes));
        }

        public boolean isClosed() {
            return closed;
        }

        public String output() {
            return output.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void write(byte[] bytes) {
            output.writeBytes(bytes);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void setReading(boolean reading) {
        }

        @Override
        public Reply startTls(byte[] reply) {
            return Reply.TLS_NOT_AVAILABLE;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Future<?> schedule(Runnable task, long delayNanos) {
            return new CompletableFuture<Void>();
        }

        @Override
        public long nanoTime() {
            return 0;
        }
    }
}
