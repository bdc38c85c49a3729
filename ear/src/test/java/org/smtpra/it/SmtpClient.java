package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client for tests: it sends exactly the lines it is given and returns the
 * server's replies as they came, so that a test can assert the very bytes on the wire.
 */
final class SmtpClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    private void use(Socket newSocket) throws IOException {
        socket = newSocket;
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Connects to the server on 127.0.0.1; the greeting is left to read. */
    static SmtpClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new SmtpClient(socket);
    }

    /** Connects, reads the 220 greeting, says EHLO and reads its 250 reply. */
    static SmtpClient introduced(int port) throws IOException {
        SmtpClient client = connect(port);
        client.expectCode(220);
        client.send("EHLO client.example.org");
        client.expectCode(250);
        return client;
    }

    /** Connects with TLS from the first byte (implicit TLS); the greeting is left to read. */
    static SmtpClient connectTls(int port, SSLContext tls) throws IOException {
        SmtpClient client = connect(port);
        client.startTls(tls);
        return client;
    }

    /**
     * Runs the TLS handshake on the open connection, as after "220 Ready to start TLS".
     * Whatever the server sent in clear and was not read yet is dropped, as RFC 3207 asks of
     * the client too.
     */
    void startTls(SSLContext tls) throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                "localhost", socket.getPort(), true);
        secure.setUseClientMode(true);
        secure.startHandshake();
        use(secure);
    }

    /** The certificate chain the server presented, once TLS runs. */
    Certificate[] serverCertificates() throws IOException {
        return ((SSLSocket) socket).getSession().getPeerCertificates();
    }

    /**
     * Reads one reply: a single line, or the lines of a multi-line reply ("250-...") up to
     * its last ("250 ...").
     */
    List<String> readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            assertNotNull(line, "connection closed while a reply was expected; got " + lines);
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    /** How long a read waits for the server from now on; 10 seconds unless changed. */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends one line; CRLF is added. */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends text exactly as given, CRLFs and all, in one write. */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends bytes exactly as given, in one write. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * True when the server sends nothing more within this time: used to show that a reply
     * was not followed by another.
     */
    boolean staysSilentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** Reads a reply and asserts that its last line is exactly this one. */
    void expect(String lastLine) throws IOException {
        List<String> reply = readReply();
        assertEquals(lastLine, reply.get(reply.size() - 1), () -> "whole reply: " + reply);
    }

    /** Reads a reply and asserts that it starts with this code; returns its lines. */
    List<String> expectCode(int code) throws IOException {
        List<String> reply = readReply();
        assertEquals(Integer.toString(code), reply.get(0).substring(0, 3),
                () -> "whole reply: " + reply);
        return reply;
    }

    /** Opens a transaction from the sender to the recipient, and starts its data (354). */
    void startData(String sender, String recipient) throws IOException {
        command("MAIL FROM:<" + sender + ">", "250 2.0.0 Ok");
        command("RCPT TO:<" + recipient + ">", "250 2.0.0 Ok");
        command("DATA", "354 Start mail input; end with CRLF.CRLF");
    }

    /** Sends a command and asserts the last line of its reply. */
    void command(String line, String expectedLastLine) throws IOException {
        send(line);
        expect(expectedLastLine);
    }

    /** The client's own port, by which the server's log names this connection. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** True once the server has closed the connection (no more bytes to read). */
    boolean isClosedByServer() throws IOException {
        return in.read() == -1;
    }

    /**
     * Every line the server sends until it closes the connection. A reset counts as the
     * close: a server that closes with the client's input unread resets the connection.
     */
    List<String> readUntilClosed() throws IOException {
        List<String> lines = new ArrayList<>();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (java.net.SocketException reset) {
            // The end, as above; what came before it was read.
        }
        return lines;
    }

    /** Makes {@link #close()} reset the connection rather than end it in order. */
    void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
