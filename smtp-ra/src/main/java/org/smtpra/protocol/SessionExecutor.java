package org.smtpra.protocol;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The session's own thread, as the engine sees it: tasks run there, timers fire there, and
 * it tells the time. The transport backs it with the connection's event loop; tests back it
 * with a hand-driven clock.
 */
public interface SessionExecutor extends Executor {

    /**
     * Runs the task on the session's thread after a delay.
     *
     * @return a handle whose {@code cancel} stops the task if it has not run
     */
    Future<?> schedule(Runnable task, long delayNanos);

    /** The current time, as {@link System#nanoTime()} counts it. */
    long nanoTime();
}
