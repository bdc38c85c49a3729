package org.smtpra.bench;

import java.io.IOException;
import java.util.Arrays;

/**
 * One session that sends messages one after the other, each as a client that pipelines
 * does (MAIL, RCPT and DATA in one write when the server offers PIPELINING, then the
 * content and the end of data), and times each from its MAIL to the 250 after its data.
 *
 * <p>Arguments: host, port, messages to time, message size in octets, messages sent first
 * and not timed (the server's warm-up). Prints one line:
 * {@code latency messages=N median_us=M p99_us=P msg_per_s=R}.
 */
public final class LatencyClient {

    private LatencyClient() {
    }

    /** @param args host, port, messages, size, warm-up messages */
    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        byte[] content = SmtpClient.content(Integer.parseInt(args[3]));
        int warmUp = Integer.parseInt(args[4]);
        long[] nanos = new long[messages];
        long start;
        try (SmtpClient client = new SmtpClient(host, port, null)) {
            client.ehlo();
            for (int i = 0; i < warmUp; i++) {
                send(client, content);
            }
            start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long begin = System.nanoTime();
                send(client, content);
                nanos[i] = System.nanoTime() - begin;
            }
            long elapsed = System.nanoTime() - start;
            client.quit();
            Arrays.sort(nanos);
            System.out.printf("latency messages=%d median_us=%.1f p99_us=%.1f msg_per_s=%.1f%n",
                    messages, percentile(nanos, 50) / 1e3, percentile(nanos, 99) / 1e3,
                    messages / (elapsed / 1e9));
        }
    }

    private static void send(SmtpClient client, byte[] content) throws IOException {
        client.startMessage();
        client.write(content, content.length);
        client.endMessage();
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
