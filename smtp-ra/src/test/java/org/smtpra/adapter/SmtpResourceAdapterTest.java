package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtpra.api.SmtpListener;

/**
 * The adapter's I/O threads live while a listener is open: when the last one closes they
 * end, before the server stops the adapter. Payara closes a failed application's class
 * loaders in between, and threads still running then would die on their next class.
 */
class SmtpResourceAdapterTest {

    private final ThreadWorkManager workManager = new ThreadWorkManager();
    private final SmtpResourceAdapter adapter = new SmtpResourceAdapter();

    @AfterEach
    void stopAdapter() {
        adapter.stop();
    }

    @Test
    void endsTheIoThreadsWhenTheLastListenerCloses() throws Exception {
        adapter.setTlsMode("none");
        adapter.start(bootstrap(workManager));
        Beans first = new Beans("FirstBean");
        Beans second = new Beans("SecondBean");
        SmtpActivationSpec firstSpec = spec(freePort());
        SmtpActivationSpec secondSpec = spec(freePort());
        adapter.endpointActivation(first, firstSpec);
        adapter.endpointActivation(second, secondSpec);
        int ioThreads = workManager.running();
        assertTrue(ioThreads > 0, "no I/O thread runs while two listeners are open");

        adapter.endpointDeactivation(first, firstSpec);
        assertEquals(ioThreads, workManager.running(), "one listener is still open");
        adapter.endpointDeactivation(second, secondSpec);
        assertTrue(workManager.awaitNoneRunning(10), () -> workManager.running()
                + " I/O threads still run with no listener open");
    }

    private SmtpActivationSpec spec(int port) throws Exception {
        SmtpActivationSpec spec = new SmtpActivationSpec();
        spec.setPort(port);
        spec.setBindAddress("127.0.0.1");
        spec.setLocalDomains("example.com");
        spec.setResourceAdapter(adapter);
        return spec;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static BootstrapContext bootstrap(WorkManager workManager) {
        return (BootstrapContext) Proxy.newProxyInstance(
                SmtpResourceAdapterTest.class.getClassLoader(),
                new Class<?>[] {BootstrapContext.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            case "getWorkManager" -> workManager;
                            case "isContextSupported" -> false;
                            default -> null;
                        });
    }

    /** A factory of endpoints that are never called here: no client connects. */
    private record Beans(String name) implements MessageEndpointFactory {
        @Override
        public MessageEndpoint createEndpoint(XAResource resource) {
            throw new UnsupportedOperationException("no client connects in this test");
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource resource, long timeout) {
            return createEndpoint(resource);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return name;
        }

        @Override
        public Class<?> getEndpointClass() {
            return SmtpListener.class;
        }
    }

    /** Runs every work on a thread of its own, and counts the long-lived ones still running. */
    private static final class ThreadWorkManager implements WorkManager {
        private final List<Thread> started = new ArrayList<>();

        synchronized int running() {
            return (int) started.stream().filter(Thread::isAlive).count();
        }

        boolean awaitNoneRunning(int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (running() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return running() == 0;
        }

        @Override
        public void doWork(Work work) {
            work.run();
        }

        @Override
        public void doWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            work.run();
        }

        /** Returns once the work runs, as the Connectors specification has it. */
        @Override
        public synchronized long startWork(Work work) {
            CountDownLatch running = new CountDownLatch(1);
            Thread thread = new Thread(() -> {
                running.countDown();
                work.run();
            });
            started.add(thread);
            thread.start();
            try {
                running.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        @Override
        public long startWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            return startWork(work);
        }

        /** Short work (the warm-up): not counted among the long-lived threads. */
        @Override
        public void scheduleWork(Work work) {
            new Thread(work).start();
        }

        @Override
        public void scheduleWork(Work work, long timeout, ExecutionContext context,
                WorkListener listener) {
            new Thread(() -> {
                work.run();
                if (listener != null) {
                    listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work,
                            null));
                }
            }).start();
        }
    }
}
