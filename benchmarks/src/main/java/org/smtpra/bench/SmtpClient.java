package org.smtpra.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One blocking SMTP client connection, enough of it for the benchmark's clients. */
final class SmtpClient implements Closeable {

    private static final String LINE =
            "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean pipelining;

    /** Connects from {@code local} (null: any address) and reads the greeting. */
    SmtpClient(String host, int port, InetAddress local) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(600_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        expect(reply(), "220");
    }

    /** Sends EHLO and notes whether the server offers PIPELINING. */
    void ehlo() throws IOException {
        send("EHLO bench.example.org\r\n");
        String reply = reply();
        expect(reply, "250");
        pipelining = reply.contains("PIPELINING");
    }

    /** MAIL, RCPT and DATA, pipelined when the server allows it, up to the 354. */
    void startMessage() throws IOException {
        String[] commands = {"MAIL FROM:<bench@example.org>\r\n",
            "RCPT TO:<someone@example.com>\r\n", "DATA\r\n"};
        String[] codes = {"250", "250", "354"};
        if (pipelining) {
            for (String command : commands) {
                write(command);
            }
            out.flush();
            for (String code : codes) {
                expect(reply(), code);
            }
        } else {
            for (int i = 0; i < commands.length; i++) {
                send(commands[i]);
                expect(reply(), codes[i]);
            }
        }
    }

    /** Writes message content, already dot-stuffed. */
    void write(byte[] content, int length) throws IOException {
        out.write(content, 0, length);
    }

    /** Ends the message and waits for the server's 250. */
    void endMessage() throws IOException {
        send(".\r\n");
        expect(reply(), "250");
    }

    /** Sends QUIT and waits for the 221. */
    void quit() throws IOException {
        send("QUIT\r\n");
        expect(reply(), "221");
    }

    void send(String command) throws IOException {
        write(command);
        out.flush();
    }

    private void write(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.US_ASCII));
    }

    /** One reply, all its lines, without the last CRLF. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed after " + line);
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(next);
            previous = next;
        }
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Message text of about {@code size} octets in 76-column lines, ending in CRLF. */
    static byte[] content(int size) {
        StringBuilder text = new StringBuilder(size + 100);
        text.append("From: bench@example.org\r\nTo: someone@example.com\r\n")
                .append("Subject: benchmark\r\n\r\n");
        while (text.length() < size) {
            text.append(LINE);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whole lines of body text, at least {@code size} octets. */
    static byte[] lines(int size) {
        StringBuilder text = new StringBuilder(size + 100);
        while (text.length() < size) {
            text.append(LINE);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
