package org.smtpra.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a listener's open connections, in all and per client address, so that one client,
 * or a flood, cannot take every descriptor of the server.
 *
 * <p>Known limit: the per-client count is per address, so an IPv6 client with a network of
 * its own, which has as many addresses as it likes, is bounded only by the total.
 */
final class ConnectionLimits {

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient =
            new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerClient) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Takes a place for a new connection from this client, or returns false. */
    boolean tryAcquire(InetAddress client) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        AtomicInteger count = perClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient) {
            release(client);
            return false;
        }
        return true;
    }

    /** Gives back the place of a connection that ended. */
    void release(InetAddress client) {
        total.decrementAndGet();
        perClient.computeIfPresent(client, (c, count) -> count.decrementAndGet() == 0
                ? null : count);
    }

    int open() {
        return total.get();
    }
}
