package org.smtpra.protocol;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session ids: short and unique within one run of the server, so that one session can be
 * followed through the log with grep. A random start keeps the ids of consecutive runs
 * apart in a shared log.
 */
public final class SessionIds {

    private static final AtomicLong NEXT =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 32) << 16);

    private SessionIds() {
    }

    /** A new id, such as {@code 3f9a21c00a1}. */
    public static String next() {
        return Long.toHexString(NEXT.incrementAndGet());
    }
}
