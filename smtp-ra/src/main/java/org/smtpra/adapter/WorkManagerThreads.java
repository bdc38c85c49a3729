package org.smtpra.adapter;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the transport's event loop threads as long-lived work on the server's WorkManager,
 * as the Connectors specification asks of a resource adapter's own threads: the server then
 * knows them, and no thread of ours outlives the adapter.
 *
 * <p>Each task holds its WorkManager thread until its event loop shuts down, which happens
 * in {@link SmtpResourceAdapter#stop()}.
 */
final class WorkManagerThreads implements Executor {

    private static final Logger LOG = Logger.getLogger(WorkManagerThreads.class.getName());

    private final WorkManager workManager;
    private final AtomicInteger count = new AtomicInteger();

    WorkManagerThreads(WorkManager workManager) {
        this.workManager = workManager;
    }

    /**
     * Starts the task on a WorkManager thread and returns once it runs.
     *
     * @throws RejectedExecutionException if the WorkManager refuses the work
     */
    @Override
    public void execute(Runnable task) {
        String name = "smtp-io-" + count.incrementAndGet();
        try {
            workManager.startWork(new EventLoopWork(name, task));
        } catch (WorkException e) {
            throw new RejectedExecutionException("the WorkManager refused to start " + name, e);
        }
    }

    /** One event loop's whole life. */
    private static final class EventLoopWork implements Work {
        private final String name;
        private final Runnable task;

        EventLoopWork(String name, Runnable task) {
            this.name = name;
            this.task = task;
        }

        @Override
        public void run() {
            // The pooled thread gets a telling name for thread dumps while it is ours.
            Thread thread = Thread.currentThread();
            String poolName = thread.getName();
            thread.setName(name);
            LOG.fine(() -> name + " started on " + poolName);
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, e, () -> name + " ended abnormally");
                throw e;
            } finally {
                // Netty's thread-locals (buffer caches) would pin this application's
                // classes to the pooled thread after an undeploy.
                FastThreadLocal.removeAll();
                thread.setName(poolName);
                LOG.fine(() -> name + " ended");
            }
        }

        /**
         * Nothing to do: the server calls this when it shuts down, and the adapter's
         * {@code stop()}, which ends the event loops, comes first.
         */
        @Override
        public void release() {
        }
    }
}
