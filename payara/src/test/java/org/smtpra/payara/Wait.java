package org.smtpra.payara;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded waits: every one has a limit and says what it waited for when it fails. */
final class Wait {

    private static final long POLL_MILLIS = 200;

    private Wait() {
    }

    /**
     * Polls until the condition holds; an exception from it counts as "not yet".
     *
     * @throws AssertionError naming {@code what} and the last exception, after {@code limit}
     */
    static void until(String what, Duration limit, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("gave up after " + limit.toSeconds()
                        + " s waiting for " + what);
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
