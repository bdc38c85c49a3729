package org.smtpra.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens many connections that read the greeting and then say nothing, spread over source
 * addresses 127.0.0.2, 127.0.0.3, ... so that each address stays within the server's
 * connections per client; then checks that one more client is still served (greeting and
 * EHLO), and holds the idle ones until it is killed or the time is up.
 *
 * <p>Arguments: host, port, connections, connections per source address, seconds to hold.
 * Prints {@code held N} once all are open, then {@code new client: <EHLO reply's first
 * line>}.
 */
public final class IdleClients {

    private IdleClients() {
    }

    /** @param args host, port, connections, per address, seconds */
    public static void main(String[] args) throws IOException, InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int perAddress = Integer.parseInt(args[3]);
        long holdMillis = Long.parseLong(args[4]) * 1000;
        List<SmtpClient> idle = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int address = 2 + i / perAddress;
            InetAddress local = InetAddress.getByAddress(
                    new byte[] {127, 0, (byte) (address >> 8), (byte) address});
            idle.add(new SmtpClient(host, port, local));
        }
        System.out.printf("held %d (opened in %.1f s)%n", idle.size(),
                (System.nanoTime() - start) / 1e9);
        try (SmtpClient another = new SmtpClient(host, port, null)) {
            another.ehlo();
            another.quit();
            System.out.println("new client: greeted, EHLO 250, QUIT 221");
        }
        System.out.flush();
        Thread.sleep(holdMillis);
        for (SmtpClient client : idle) {
            client.close();
        }
    }
}
