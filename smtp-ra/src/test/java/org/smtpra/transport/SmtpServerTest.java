package org.smtpra.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.Stage;

/**
 * The Netty transport over real sockets on an ephemeral loopback port: replies, pipelining,
 * a decision taken on another thread, and the close that says 421 and frees the port.
 */
class SmtpServerTest {

    private final ExecutorService deciders = Executors.newFixedThreadPool(2);
    private final ThreadGroup ioThreads = new ThreadGroup("smtp-io-test");
    private SmtpTransport transport;
    private SmtpServer server;

    @BeforeEach
    void start() throws IOException {
        start(SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com")).build());
    }

    private void start(SessionConfig config) throws IOException {
        SmtpListener listener = mail -> Decision.accept();
        ListenerInvoker invoker = (stage, session, call) ->
                CompletableFuture.supplyAsync(() -> call.apply(listener), deciders);
        if (transport == null) {
            transport = new SmtpTransport(1, task -> new Thread(ioThreads, task).start());
        }
        server = new SmtpServer("test", new InetSocketAddress("127.0.0.1", 0), config, invoker,
                Authenticator.none(), null, transport);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        transport.close();
        deciders.shutdownNow();
        deciders.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void servesASessionWithPipelinedCommands() throws IOException {
        try (Client client = new Client(server.localAddress())) {
            assertEquals("220 mx.example.com Service ready", client.line());
            client.send("EHLO c.example.org\r\n");
            assertEquals("250-mx.example.com greets 127.0.0.1", client.line());
            client.skipUntil("250 SMTPUTF8");
            client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertEquals("250 2.0.0 Ok", client.line());
            assertEquals("250 2.0.0 Ok", client.line());
            assertEquals("354 Start mail input; end with CRLF.CRLF", client.line());
            client.send("Subject: hi\r\n\r\nhello\r\n.\r\nQUIT\r\n");
            assertEquals("250 2.0.0 Ok", client.line());
            assertEquals("221 2.0.0 mx.example.com GoodBye!", client.line());
            assertNull(client.line());
        }
    }

    @Test
    void tellsOpenSessionsAndFreesThePortOnClose() throws IOException {
        InetSocketAddress address = server.localAddress();
        try (Client client = new Client(address)) {
            assertEquals("220 mx.example.com Service ready", client.line());
            server.close();
            assertEquals("421 4.3.2 mx.example.com Service not available", client.line());
            assertNull(client.line());
        }
        assertNull(server.localAddress());
        assertNoSmtpServerAt(address);
    }

    /**
     * Connecting must fail, or reach no SMTP server: on a busy machine the freed port may
     * be another process's by now, or the kernel may connect the socket to itself, since
     * the port is in the ephemeral range. (Binding it again would race the same way.)
     */
    private static void assertNoSmtpServerAt(InetSocketAddress address) throws IOException {
        try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
            probe.setSoTimeout(500);
            byte[] greeting = new byte[3];
            int read = probe.getInputStream().read(greeting);
            assertTrue(read < 3 || !"220".equals(new String(greeting, 0, 3,
                    StandardCharsets.US_ASCII)), "an SMTP server still answers");
        } catch (IOException expected) {
            // Refused, reset or silent: whatever is there, it is not the listener.
        }
    }

    @Test
    void refusesConnectionsPastThePerClientLimitAtOnce() throws IOException {
        server.close();
        start(SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com")).maxConnectionsPerClient(2).build());
        InetSocketAddress address = server.localAddress();
        try (Client first = new Client(address); Client second = new Client(address)) {
            assertEquals("220 mx.example.com Service ready", first.line());
            assertEquals("220 mx.example.com Service ready", second.line());
            try (Client third = new Client(address)) {
                assertEquals("421 Access is denied from your IP address 127.0.0.1, please "
                        + "try later", third.line());
                assertNull(third.line());
            }
            first.send("QUIT\r\n");
            first.line();
            assertNull(first.line());
        }
        String greeting = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!"220 mx.example.com Service ready".equals(greeting)
                && System.nanoTime() < deadline) {
            // The count drops once the server has seen the close; until then, 421 again.
            try (Client again = new Client(address)) {
                greeting = again.line();
            }
        }
        assertEquals("220 mx.example.com Service ready", greeting);
    }

    /**
     * A client that talks before the greeting is refused even though the server does not
     * read while the listener decides: what arrived before the greeting went out was read
     * before it, so it is known to have come too early.
     */
    @Test
    void refusesACommandSentWhileTheGreetingWaitsForItsDecision() throws IOException {
        server.close();
        SmtpListener listener = mail -> Decision.accept();
        ListenerInvoker slowToGreet = (stage, session, call) -> CompletableFuture.supplyAsync(
                () -> {
                    if (stage == Stage.CONNECT) {
                        sleep(300);
                    }
                    return call.apply(listener);
                }, deciders);
        server = new SmtpServer("test", new InetSocketAddress("127.0.0.1", 0),
                SessionConfig.builder().serverName("mx.example.com")
                        .localDomains(Set.of("example.com")).build(),
                slowToGreet, Authenticator.none(), null, transport);
        server.start();
        try (Client client = new Client(server.localAddress())) {
            client.send("EHLO early.example.org\r\n");
            assertEquals("220 mx.example.com Service ready", client.line());
            assertEquals("503 5.5.1 Bad sequence of commands", client.line());
            client.send("EHLO c.example.org\r\n");
            assertEquals("250-mx.example.com greets 127.0.0.1", client.line());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void givesNewSessionsNewSettingsAndLeavesOpenOnesAsTheyWere() throws IOException {
        InetSocketAddress address = server.localAddress();
        try (Client before = new Client(address)) {
            assertEquals("220 mx.example.com Service ready", before.line());
            SmtpListener listener = mail -> Decision.accept();
            server.update(SessionConfig.builder().serverName("mx2.example.com")
                    .localDomains(Set.of("example.com")).maxMessageSize(1000).build(),
                    (stage, session, call) -> CompletableFuture.completedFuture(
                            call.apply(listener)), Authenticator.none(), null);
            try (Client after = new Client(address)) {
                assertEquals("220 mx2.example.com Service ready", after.line());
                after.send("EHLO c.example.org\r\n");
                after.skipUntil("250-SIZE 1000");
            }
            before.send("EHLO c.example.org\r\n");
            assertEquals("250-mx.example.com greets 127.0.0.1", before.line());
            before.skipUntil("250-SIZE 10485760");
        }
        assertEquals(address, server.localAddress());
    }

    @Test
    void leavesNoThreadBehindWhenTheTransportCloses() throws InterruptedException {
        server.close();
        transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ioThreads.activeCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, ioThreads.activeCount());
    }

    /** A raw SMTP client over a socket: lines in and out, nothing more. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            return in.readLine();
        }

        void skipUntil(String wanted) throws IOException {
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals(wanted));
            assertEquals(wanted, line);
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
