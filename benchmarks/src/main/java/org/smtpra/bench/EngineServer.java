package org.smtpra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.Stage;
import org.smtpra.transport.SmtpServer;
import org.smtpra.transport.SmtpTransport;

/**
 * The adapter's own code without the application server: the same engine and Netty
 * transport, with a plain listener in place of the message-driven bean, so that the
 * benchmark can tell what the container's path adds to a message.
 *
 * <p>Arguments: the port on 127.0.0.1, and where the listener's decisions run:
 * {@code io}, on the connection's I/O thread (no hand-off, the least a server built on
 * this engine can cost), or {@code pool}, on a pool of 32 threads, handed there and back
 * as the adapter hands each bean call to the WorkManager and its answer to the I/O thread.
 * The listener decides on messages alone, as the sample's discard bean does, and reads each
 * message to its end. It prints one ready line and runs until it is killed.
 */
public final class EngineServer {

    /** As many as the adapter's default maxConcurrentDecisions. */
    private static final int POOL_THREADS = 32;

    private EngineServer() {
    }

    /** @param args the port; io or pool */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean pooled = switch (args[1]) {
            case "io" -> false;
            case "pool" -> true;
            default -> throw new IllegalArgumentException("io or pool, not " + args[1]);
        };
        SessionConfig config = SessionConfig.builder()
                .serverName("localhost")
                .localDomains(Set.of("example.com"))
                .maxTransactions(Integer.MAX_VALUE)
                .maxMessageSize(4L << 30)
                .build();
        SmtpTransport transport = new SmtpTransport(2, task -> new Thread(task).start());
        SmtpServer server = new SmtpServer("engine", new InetSocketAddress("127.0.0.1", port),
                config, invoker(pooled), Authenticator.none(), null, transport);
        server.start();
        System.out.println("engine ready on 127.0.0.1:" + port + ", decisions "
                + (pooled ? "on a pool of " + POOL_THREADS + " threads" : "on the I/O thread"));
        new CountDownLatch(1).await();
    }

    private static ListenerInvoker invoker(boolean pooled) {
        SmtpListener listener = new Discard();
        if (!pooled) {
            return (stage, session, call) ->
                    CompletableFuture.completedFuture(call.apply(listener));
        }
        // Like the adapter, only the stages the listener implements leave the I/O thread.
        ExecutorService pool = Executors.newFixedThreadPool(POOL_THREADS);
        return (stage, session, call) -> stage == Stage.DATA
                ? CompletableFuture.supplyAsync(() -> call.apply(listener), pool)
                : CompletableFuture.completedFuture(call.apply(listener));
    }

    /** Accepts every message, and reads each to its end. */
    private static final class Discard implements SmtpListener {

        @Override
        public Decision onMessage(Mail mail) {
            try (InputStream content = mail.openStream()) {
                content.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Decision.accept();
        }
    }
}
