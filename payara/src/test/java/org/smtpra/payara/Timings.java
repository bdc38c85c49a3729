package org.smtpra.payara;

import java.util.concurrent.Callable;

/**
 * Prints how long each step against the real server took, one line each, so that a CI log
 * shows where the time of the real-server tests goes.
 */
final class Timings {

    private Timings() {
    }

    /** A step that returns nothing. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs the step and prints its duration. */
    static void time(String step, Step body) throws Exception {
        time(step, () -> {
            body.run();
            return null;
        });
    }

    /** Runs the step, prints its duration and returns its result. */
    static <T> T time(String step, Callable<T> body) throws Exception {
        long start = System.nanoTime();
        try {
            return body.call();
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[payara] %-58s %6.1f s%n", step, seconds);
        }
    }
}
