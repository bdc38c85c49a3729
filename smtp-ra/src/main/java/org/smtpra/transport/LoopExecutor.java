package org.smtpra.transport;

import io.netty.channel.EventLoop;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.smtpra.protocol.SessionExecutor;

/** A session's thread is its connection's event loop: tasks and timers run there. */
final class LoopExecutor implements SessionExecutor {

    private final EventLoop loop;

    LoopExecutor(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
