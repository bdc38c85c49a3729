package org.smtpra.adapter;

import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.transport.SmtpServer;
import org.smtpra.transport.SmtpTransport;

/**
 * What an adapter object hands to the next one when Payara restarts the adapter for a
 * changed setting (see {@link PayaraRuntime}): the listeners that were open, still open, with
 * the settings they run with, the I/O threads, and the spool folders already cleared. Both
 * objects live in the same class loader, so the hand-over is a static field.
 *
 * <p>The new object keeps each listener whose settings did not change, so that its sessions
 * go on undisturbed, opens the others again with the new settings, and files every endpoint
 * with Payara's new bookkeeping. A hand-over nobody takes (the restart failed) is closed
 * after {@link #TAKE_SECONDS}.
 */
final class AdapterRestart {

    private static final Logger LOG = Logger.getLogger(AdapterRestart.class.getName());

    /** Payara creates the new adapter right after the old one stopped; this is plenty. */
    static final long TAKE_SECONDS = 60;

    /** How long the new adapter waits for Payara to register it before filing endpoints. */
    private static final long FILE_SECONDS = 30;

    private static final List<Field> PROPERTIES = Arrays.stream(
            ListenerProperties.class.getDeclaredFields())
            .filter(field -> field.isAnnotationPresent(ConfigProperty.class))
            .peek(field -> field.setAccessible(true))
            .toList();

    private static Handover pending;

    private AdapterRestart() {
    }

    /** A listener kept open across the restart, with what it takes to take it over. */
    record Listener(MessageEndpointFactory factory, SmtpActivationSpec spec, SmtpServer server,
            ListenerMetrics metrics, Map<String, Object> settings,
            Map.Entry<?, ?> payaraRecord) {
    }

    /** Everything handed over. */
    record Handover(List<Listener> listeners, SmtpTransport transport, int ioThreads,
            Set<Path> preparedSpools) {

        /** Closes what nobody took: the listeners, then the I/O threads. */
        void close() {
            listeners.forEach(listener -> {
                listener.server().close();
                listener.metrics().unregister();
            });
            transport.close();
        }
    }

    /**
     * Leaves the hand-over for the next adapter object, and closes it after
     * {@link #TAKE_SECONDS} if none takes it, on a WorkManager thread.
     */
    static void offer(Handover handover, WorkManager workManager) {
        synchronized (AdapterRestart.class) {
            pending = handover;
        }
        try {
            workManager.scheduleWork(new Expiry(handover));
        } catch (WorkException e) {
            LOG.log(Level.WARNING, "cannot watch the hand-over of the SMTP listeners; they "
                    + "stay open if the restart fails", e);
        }
    }

    /** Takes the hand-over left by the previous adapter object, or null. */
    static synchronized Handover take() {
        Handover handover = pending;
        pending = null;
        return handover;
    }

    private static synchronized boolean takeIfPending(Handover handover) {
        if (pending != handover) {
            return false;
        }
        pending = null;
        return true;
    }

    /**
     * The listener's settings as they apply to it: the spec's over the adapter's, and its
     * port; two equal maps open the same listener.
     */
    static Map<String, Object> settings(SmtpActivationSpec spec, SmtpResourceAdapter adapter) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("port", spec.getPort());
        try {
            ListenerProperties merged = ListenerProperties.merged(spec, adapter);
            for (Field field : PROPERTIES) {
                values.put(field.getName(), field.get(merged));
            }
        } catch (IllegalArgumentException | IllegalAccessException e) {
            // Settings that cannot be merged are never equal to valid ones.
            values.put("invalid", e.getMessage());
        }
        return values;
    }

    /**
     * Files the endpoints with Payara's record of the new adapter object once Payara has
     * registered it, which it does after {@code start} returns, on a WorkManager thread.
     */
    static void fileWithPayara(SmtpResourceAdapter adapter, List<Map.Entry<?, ?>> records,
            WorkManager workManager) {
        if (records.isEmpty()) {
            return;
        }
        try {
            workManager.scheduleWork(new Filing(adapter, records));
        } catch (WorkException e) {
            LOG.log(Level.WARNING, "cannot file the SMTP listeners with Payara; undeploying "
                    + "their beans will not close them", e);
        }
    }

    /** Closes a hand-over that nobody took in time. */
    private record Expiry(Handover handover) implements Work {

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TAKE_SECONDS);
            while (System.nanoTime() < deadline) {
                synchronized (AdapterRestart.class) {
                    if (pending != handover) {
                        return;
                    }
                }
                if (!pause()) {
                    break;
                }
            }
            if (takeIfPending(handover)) {
                // Payara no longer counts the adapter as deployed: a corrected setting does
                // nothing until the adapter and the beans are loaded again.
                LOG.severe(() -> "Payara did not start the SMTP resource adapter again within "
                        + TAKE_SECONDS + " s of stopping it for a changed setting; closing its "
                        + handover.listeners().size() + " listeners. The server log above "
                        + "says why (a value Payara cannot convert, such as letters in a "
                        + "number); fix the setting, then disable and enable the adapter and "
                        + "the applications of its beans, or restart the server");
                handover.close();
            }
        }

        @Override
        public void release() {
        }
    }

    /** Waits for Payara to register the new adapter object, then files the endpoints. */
    private record Filing(SmtpResourceAdapter adapter, List<Map.Entry<?, ?>> records)
            implements Work {

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FILE_SECONDS);
            try {
                while (!PayaraRuntime.file(adapter, records.get(0))) {
                    if (System.nanoTime() > deadline || !pause()) {
                        LOG.warning(() -> "Payara did not register the restarted SMTP "
                                + "resource adapter within " + FILE_SECONDS + " s; undeploying "
                                + "a bean will not close its listener until the adapter stops");
                        return;
                    }
                }
                records.subList(1, records.size()).forEach(r -> PayaraRuntime.file(adapter, r));
                LOG.fine(() -> records.size() + " SMTP endpoints filed with Payara");
            } catch (IllegalStateException e) {
                LOG.log(Level.WARNING, "cannot file the SMTP listeners with Payara; "
                        + "undeploying their beans will not close them", e);
            }
        }

        @Override
        public void release() {
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
