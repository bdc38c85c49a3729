package org.smtpra.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;

/** The PROXY protocol from a trusted balancer, v1 and v2, over real sockets. */
class ProxyProtocolTest {

    private final List<String> clients = new CopyOnWriteArrayList<>();
    private SmtpTransport transport;
    private SmtpServer server;

    @AfterEach
    void stop() {
        server.close();
        transport.close();
    }

    private InetSocketAddress start(String trusted) throws IOException {
        SmtpListener listener = new SmtpListener() {
            @Override
            public Decision onConnect(SessionInfo session) {
                clients.add(session.client().getAddress().getHostAddress() + ":"
                        + session.client().getPort());
                return Decision.accept();
            }

            @Override
            public Decision onMessage(org.smtpra.api.Mail mail) {
                return Decision.accept();
            }
        };
        ListenerInvoker invoker = (stage, session, call) ->
                CompletableFuture.completedFuture(call.apply(listener));
        SessionConfig config = SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com"))
                .trustedProxies(NetworkList.parse(trusted)).build();
        transport = new SmtpTransport(1, task -> new Thread(task).start());
        server = new SmtpServer("proxied", new InetSocketAddress("127.0.0.1", 0), config,
                invoker, Authenticator.none(), null, transport);
        server.start();
        return server.localAddress();
    }

    @Test
    void takesTheClientFromAVersionOneHeader() throws IOException {
        InetSocketAddress address = start("127.0.0.0/8");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            write(socket, "PROXY TCP4 198.51.100.7 127.0.0.1 40123 25\r\n".getBytes(
                    StandardCharsets.US_ASCII));
            BufferedReader in = reader(socket);
            assertEquals("220 mx.example.com Service ready", in.readLine());
            write(socket, "EHLO c.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250-mx.example.com greets 198.51.100.7", in.readLine());
        }
        assertEquals(List.of("198.51.100.7:40123"), clients);
    }

    @Test
    void takesTheClientFromAVersionTwoHeader() throws IOException {
        InetSocketAddress address = start("127.0.0.1");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            write(socket, versionTwo(new byte[] {(byte) 203, 0, 113, 9}, 50000));
            BufferedReader in = reader(socket);
            assertEquals("220 mx.example.com Service ready", in.readLine());
        }
        assertEquals(List.of("203.0.113.9:50000"), clients);
    }

    @Test
    void refusesAConnectionFromAnAddressThatIsNoTrustedProxy() throws IOException {
        InetSocketAddress address = start("192.0.2.0/24");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            BufferedReader in = reader(socket);
            assertEquals("521 Access is denied from your IP address 127.0.0.1", in.readLine());
            assertNull(in.readLine());
        }
        assertEquals(List.of(), clients);
    }

    @Test
    void closesAConnectionThatDoesNotStartWithAHeader() throws IOException {
        InetSocketAddress address = start("127.0.0.1");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            write(socket, "EHLO sneaky.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
            assertNull(reader(socket).readLine());
        }
        assertEquals(List.of(), clients);
    }

    /** A v2 header for TCP over IPv4, PROXY command, to 127.0.0.1:25. */
    private static byte[] versionTwo(byte[] source, int sourcePort) {
        ByteBuffer header = ByteBuffer.allocate(28);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49,
            0x54, 0x0A});
        header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        header.put(source).put(new byte[] {127, 0, 0, 1});
        header.putShort((short) sourcePort).putShort((short) 25);
        return header.array();
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
    }
}
