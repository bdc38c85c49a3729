package org.smtpra.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.api.Decision;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.LogCapture;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.TlsMode;

/** TLS over real sockets: STARTTLS, implicit TLS, the injection defence, the 1.2 floor. */
class TlsTransportTest {

    @TempDir
    Path folder;

    private SmtpTransport transport;
    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private InetSocketAddress start(TlsMode mode) throws Exception {
        return start(mode, 100);
    }

    private InetSocketAddress start(TlsMode mode, int maxHandshakes) throws Exception {
        return start(mode, maxHandshakes, ServerTls.fromKeyStore(TestKeys.keyStore(folder),
                TestKeys.PASSWORD, TestKeys.ALIAS));
    }

    private InetSocketAddress start(TlsMode mode, int maxHandshakes, ServerTls tls)
            throws Exception {
        SmtpListener listener = mail -> Decision.accept();
        ListenerInvoker invoker = (stage, session, call) ->
                CompletableFuture.completedFuture(call.apply(listener));
        SessionConfig config = SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com")).tlsMode(mode)
                .authMechanisms(Set.of("PLAIN")).maxTlsHandshakes(maxHandshakes).build();
        transport = new SmtpTransport(1, task -> new Thread(task).start());
        server = new SmtpServer("tls", new InetSocketAddress("127.0.0.1", 0), config, invoker,
                Authenticator.none(), tls, transport);
        server.start();
        return server.localAddress();
    }

    @Test
    void upgradesWithStarttlsAndStartsOver() throws Exception {
        InetSocketAddress address = start(TlsMode.STARTTLS);
        try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
            Lines clear = new Lines(plain);
            assertEquals("220 mx.example.com Service ready", clear.read());
            clear.write("EHLO c.example.org\r\n");
            assertEquals("250 STARTTLS", clear.readUntilLast());
            clear.write("STARTTLS\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", clear.read());
            Lines secure = new Lines(upgrade(plain, address, "TLSv1.3"));
            secure.write("MAIL FROM:<a@x.org>\r\n");
            assertEquals("503 5.5.1 Bad sequence of commands", secure.read());
            secure.write("EHLO c.example.org\r\n");
            assertEquals("250 AUTH PLAIN", secure.readUntilLast());
        }
    }

    private static boolean hasCloseLine(List<String> lines) {
        return lines.stream().anyMatch(line -> line.matches(
                "session \\S+ closed: ended by TLS handshake failed after .*"));
    }

    /**
     * Closes the server and waits, a bounded time, for the session's close line: it comes
     * from the session's event loop, which may log it after close() has returned.
     */
    private void closeAndAwaitCloseLine(LogCapture log) throws InterruptedException {
        server.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!hasCloseLine(log.messages()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The line that says why the handshake failed. */
    private static String handshakeFailure(LogCapture handler) {
        return handler.messages().stream()
                .filter(line -> line.contains("TLS handshake with")).findFirst()
                .orElseThrow(() -> new AssertionError(handler.messages().toString()));
    }

    /** Reads to the end of the connection: a TLS alert may come before it. */
    private static void readToTheEnd(Socket socket) throws IOException {
        while (socket.getInputStream().read() >= 0) {
            // Nothing to keep.
        }
    }

    /**
     * No reply can follow a failed handshake: the session closes and says why, in a line
     * that does not repeat what the client sent.
     */
    @Test
    void closesTheSessionWhenTheHandshakeFails() throws Exception {
        // Other tests of this JVM may have quietened the engine's loggers.
        try (LogCapture log = new LogCapture("org.smtpra.protocol.SmtpSession", Level.INFO);
                LogCapture handler = new LogCapture(SmtpChannelHandler.class.getName(),
                        Level.INFO)) {
            InetSocketAddress address = start(TlsMode.STARTTLS);
            try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
                Lines clear = new Lines(plain);
                clear.read();
                clear.write("EHLO c.example.org\r\n");
                clear.readUntilLast();
                clear.write("STARTTLS\r\n");
                assertEquals("220 2.0.0 Ready to start TLS", clear.read());
                clear.write("this is not a TLS record\r\n");
                readToTheEnd(plain);
            }
            closeAndAwaitCloseLine(log);
            assertTrue(hasCloseLine(log.messages()), () -> log.messages().toString());
            String failed = handshakeFailure(handler);
            assertTrue(failed.endsWith(" failed: the client sent something that is not a TLS "
                    + "record"), failed);
        }
    }

    /** CVE-2011-0411: a command sent in clear with STARTTLS must not run inside TLS. */
    @Test
    void dropsCommandsInjectedWithStarttls() throws Exception {
        InetSocketAddress address = start(TlsMode.STARTTLS);
        try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
            Lines clear = new Lines(plain);
            clear.read();
            clear.write("EHLO c.example.org\r\n");
            clear.readUntilLast();
            clear.write("STARTTLS\r\nRSET\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", clear.read());
            Lines secure = new Lines(upgrade(plain, address, "TLSv1.3"));
            assertTrue(secure.silentFor(500), "the injected RSET was answered");
            secure.write("EHLO c.example.org\r\n");
            assertEquals("250 AUTH PLAIN", secure.readUntilLast());
            assertTrue(secure.silentFor(300), "more than one reply to EHLO");
        }
    }

    @Test
    void answers454WhileTooManyHandshakesAreUnderWay() throws Exception {
        InetSocketAddress address = start(TlsMode.STARTTLS, 1);
        try (Socket first = new Socket(address.getAddress(), address.getPort());
                Socket second = new Socket(address.getAddress(), address.getPort())) {
            Lines stalled = new Lines(first);
            stalled.read();
            stalled.write("EHLO a.example.org\r\n");
            stalled.readUntilLast();
            stalled.write("STARTTLS\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", stalled.read());
            Lines waiting = new Lines(second);
            waiting.read();
            waiting.write("EHLO b.example.org\r\n");
            waiting.readUntilLast();
            waiting.write("STARTTLS\r\n");
            assertEquals("454 4.7.0 TLS not available due to temporary reason", waiting.read());
            first.close();
            String reply;
            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                // The server learns of the close a moment later; until then, 454 again.
                waiting.write("STARTTLS\r\n");
                reply = waiting.read();
            } while (reply.startsWith("454") && System.nanoTime() < deadline);
            assertEquals("220 2.0.0 Ready to start TLS", reply);
        }
    }

    @Test
    void answers452WhenTheKeyCouldNotBeLoaded() throws Exception {
        InetSocketAddress address = start(TlsMode.STARTTLS, 100,
                ServerTls.unavailable("the password does not open the key store"));
        try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
            Lines clear = new Lines(plain);
            clear.read();
            clear.write("EHLO c.example.org\r\n");
            assertEquals("250 STARTTLS", clear.readUntilLast());
            clear.write("STARTTLS\r\n");
            assertEquals("452 4.7.0 Temporary internal failure - failed to initialize TLS",
                    clear.read());
            clear.write("NOOP\r\n");
            assertEquals("250 2.0.0 Ok", clear.read());
        }
    }

    @Test
    void speaksTlsFromTheFirstByteWhenImplicit() throws Exception {
        InetSocketAddress address = start(TlsMode.IMPLICIT);
        SSLContext client = TestKeys.trustingClient();
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(
                address.getAddress(), address.getPort())) {
            Lines secure = new Lines(socket);
            assertEquals("220 mx.example.com Service ready", secure.read());
            secure.write("EHLO c.example.org\r\n");
            assertEquals("250 AUTH PLAIN", secure.readUntilLast());
        }
    }

    /**
     * A client that sends a TLS record header and then garbage to an implicit-TLS listener:
     * the log says the handshake failed in words, and that the session had no TLS.
     */
    @Test
    void logsAGarbledHandshakeAsNoTls() throws Exception {
        try (LogCapture log = new LogCapture("org.smtpra.protocol.SmtpSession", Level.INFO);
                LogCapture handler = new LogCapture(SmtpChannelHandler.class.getName(),
                        Level.INFO)) {
            InetSocketAddress address = start(TlsMode.IMPLICIT);
            byte[] garbage = new byte[300];
            new java.util.Random(7).nextBytes(garbage);
            byte[] header = {0x16, 0x03, 0x03, 0x00, 0x10, 0x01, 0x00, 0x00, 0x0c};
            System.arraycopy(header, 0, garbage, 0, header.length);
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                socket.getOutputStream().write(garbage);
                readToTheEnd(socket);
            }
            closeAndAwaitCloseLine(log);
            String close = log.messages().stream().filter(line -> line.contains(" closed: "))
                    .findFirst().orElseThrow(() -> new AssertionError(log.messages()));
            assertTrue(close.endsWith(", no TLS, not authenticated"), close);
            String failed = handshakeFailure(handler);
            assertFalse(failed.endsWith("null"), failed);
        }
    }

    @Test
    void refusesTlsOlderThan12() throws Exception {
        InetSocketAddress address = start(TlsMode.IMPLICIT);
        SSLContext client = TestKeys.trustingClient();
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(
                address.getAddress(), address.getPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThrows(IOException.class, socket::startHandshake);
        }
    }

    @Test
    void refusesAKeyStoreWithoutTheAlias() throws Exception {
        Path store = TestKeys.keyStore(folder);
        assertThrows(GeneralSecurityException.class,
                () -> ServerTls.fromKeyStore(store, TestKeys.PASSWORD, "s1as"));
    }

    /** A key entry that holds no private key and certificate can serve no TLS session. */
    @Test
    void refusesAnAliasThatNamesASecretKey() throws Exception {
        KeyStore secrets = KeyStore.getInstance("PKCS12");
        secrets.load(null, null);
        secrets.setEntry("secret", new KeyStore.SecretKeyEntry(
                new SecretKeySpec(new byte[32], "AES")),
                new KeyStore.PasswordProtection(TestKeys.PASSWORD));
        Path store = folder.resolve("secrets.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            secrets.store(out, TestKeys.PASSWORD);
        }
        GeneralSecurityException refused = assertThrows(GeneralSecurityException.class,
                () -> ServerTls.fromKeyStore(store, TestKeys.PASSWORD, "secret"));
        assertEquals("'secret' is not a private key with its certificate",
                refused.getMessage());
    }

    private static Socket upgrade(Socket plain, InetSocketAddress address, String protocol)
            throws Exception {
        SSLSocket socket = (SSLSocket) TestKeys.trustingClient().getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
        socket.startHandshake();
        assertEquals(protocol, socket.getSession().getProtocol());
        return socket;
    }

    /** Lines over a socket, plain or TLS. */
    private static final class Lines {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Lines(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        String read() throws IOException {
            return in.readLine();
        }

        /** The last line of a multi-line reply. */
        String readUntilLast() throws IOException {
            String line = in.readLine();
            while (line != null && line.length() > 3 && line.charAt(3) == '-') {
                line = in.readLine();
            }
            return line;
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        boolean silentFor(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                assertNull(in.readLine());
                return true;
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(5000);
            }
        }
    }
}
