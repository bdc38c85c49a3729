package org.smtpra.payara;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks SMTP to a listener over a plain socket, one command and one whole reply at a time,
 * to see a setting's effect on the wire.
 */
final class SmtpProbe implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final List<String> greeting;

    private SmtpProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
        this.greeting = reply();
    }

    /** Connects to 127.0.0.1 and reads the greeting. */
    static SmtpProbe connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LoopbackDomain.LOOPBACK, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new SmtpProbe(socket);
    }

    /** The greeting's lines. */
    List<String> greeting() {
        return greeting;
    }

    /** Sends one command line and returns every line of the reply. */
    List<String> send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** The three-digit code of the reply to one command. */
    int code(String command) throws IOException {
        List<String> reply = send(command);
        return Integer.parseInt(reply.get(reply.size() - 1).substring(0, 3));
    }

    /** Reads one reply: lines "xyz-text" up to the last one, "xyz text". */
    private List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The SIZE a listener advertises in its EHLO reply, or -1 when it has none. */
    static long advertisedSize(int port) throws IOException {
        try (SmtpProbe smtp = connect(port)) {
            for (String line : smtp.send("EHLO probe.example.org")) {
                if (line.substring(4).startsWith("SIZE ")) {
                    return Long.parseLong(line.substring(9).trim());
                }
            }
            return -1;
        }
    }

    /**
     * How many of {@code offered} recipients one transaction accepts before the limit's 452
     * (the client is expected to go on, RFC 5321 4.5.3.1.10).
     */
    static int acceptedRecipients(int port, int offered) throws IOException {
        try (SmtpProbe smtp = connect(port)) {
            smtp.send("EHLO probe.example.org");
            smtp.send("MAIL FROM:<probe@example.org>");
            int accepted = 0;
            for (int i = 0; i < offered; i++) {
                if (smtp.code("RCPT TO:<user" + i + "@example.com>") == 250) {
                    accepted++;
                }
            }
            return accepted;
        }
    }

    /** Whether something accepts connections on the port. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackDomain.LOOPBACK, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // Already closed by the server: nothing to say goodbye to.
        } finally {
            socket.close();
        }
    }
}
