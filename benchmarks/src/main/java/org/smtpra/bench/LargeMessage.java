package org.smtpra.bench;

import java.io.IOException;

/**
 * Sends one large message: {@code megabytes} MiB of 76-column text in one session, and
 * prints the rate from the first octet of content to the server's 250.
 *
 * <p>Arguments: host, port, megabytes. Prints
 * {@code large message: N MiB in S s, R MB/s (reply: ...)}.
 */
public final class LargeMessage {

    private static final int CHUNK = 1024 * 1024;

    private LargeMessage() {
    }

    /** @param args host, port, megabytes */
    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int megabytes = Integer.parseInt(args[2]);
        byte[] first = SmtpClient.content(CHUNK);
        byte[] chunk = SmtpClient.lines(CHUNK);
        long sent = 0;
        try (SmtpClient client = new SmtpClient(host, port, null)) {
            client.ehlo();
            client.startMessage();
            long start = System.nanoTime();
            for (int i = 0; i < megabytes; i++) {
                byte[] next = i == 0 ? first : chunk;
                client.write(next, next.length);
                sent += next.length;
            }
            client.endMessage();
            double seconds = (System.nanoTime() - start) / 1e9;
            client.quit();
            System.out.printf("large message: %d octets in %.1f s, %.1f MB/s%n", sent, seconds,
                    sent / 1e6 / seconds);
        }
    }
}
