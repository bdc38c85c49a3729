package org.smtpra.adapter;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.catalog.ReplyCatalog;
import org.smtpra.policy.Policy;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.TlsMode;
import org.smtpra.transport.ServerTls;
import org.smtpra.transport.SmtpTransport;

/**
 * What a first activation would otherwise do itself and no listener's settings decide, started
 * by the adapter's {@code start()} on WorkManager threads, so that it runs while the server
 * deploys the beans and beside the activations, on another core:
 * <ul>
 *   <li>the I/O threads' event loop group (Netty's classes and a selector for each loop) and
 *       what a first bind initializes, the server channel's classes and the buffer pools;</li>
 *   <li>JSSE (its providers, cipher suites and default trust store, which Netty's TLS
 *       context loads) and the adapter-wide key, which every listener serves unless told
 *       otherwise;</li>
 *   <li>the parsers of a listener's settings, the IP address library above all.</li>
 * </ul>
 * Each piece is done once, by whichever thread comes first: an activation that needs the
 * event loop group or the key while the warm-up makes it waits for it, and one that comes
 * before the warm-up got to it does it itself. Nothing here fails an activation: what the
 * warm-up cannot do is left to the activation, which reports it as it always did.
 */
final class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

    private final PreparedTransport transport;
    private final KeySettings keys;
    private final LoadedKeys loadedKeys;
    private final String relayNetworks;
    private final String authMechanisms;
    private final boolean tls;
    private volatile boolean stopped;

    /**
     * @param transports makes the I/O threads' group, as the adapter would without a warm-up
     * @param adapter the adapter-wide settings, read now on the caller's thread
     */
    private WarmUp(Supplier<SmtpTransport> transports, ListenerProperties adapter,
            LoadedKeys loadedKeys) {
        this.transport = new PreparedTransport(transports);
        this.keys = new KeySettings(adapter.getKeyStore(), adapter.getKeyStorePassword(),
                adapter.getKeyAlias());
        this.loadedKeys = loadedKeys;
        this.relayNetworks = adapter.getRelayNetworks();
        this.authMechanisms = adapter.getAuthMechanisms();
        this.tls = offersTls(adapter.getTlsMode());
    }

    /** Whether listeners offer TLS unless told otherwise: the adapter-wide tlsMode is not none. */
    private static boolean offersTls(String tlsMode) {
        return tlsMode == null || !tlsMode.trim().equalsIgnoreCase(TlsMode.NONE.name());
    }

    /**
     * Schedules the warm-up on two WorkManager threads, one for each core of a small
     * machine: TLS on one, unless the adapter-wide tlsMode is none, and Netty and the
     * settings' parsers on the other. A WorkManager that refuses leaves everything to the
     * activations.
     */
    static WarmUp start(WorkManager workManager, Supplier<SmtpTransport> transports,
            ListenerProperties adapter, LoadedKeys loadedKeys) {
        WarmUp warmUp = new WarmUp(transports, adapter, loadedKeys);
        if (warmUp.tls) {
            warmUp.schedule(workManager, "tls", warmUp::tls);
        }
        warmUp.schedule(workManager, "netty", warmUp::nettyAndParsers);
        return warmUp;
    }

    /**
     * The event loop group made ahead, handed out once; waits while it is being made. Null
     * when there is none: the warm-up has not made it (or could not), or it was taken.
     */
    SmtpTransport takeTransport() {
        return transport.take();
    }

    /** Skips what is left of the warm-up: the adapter stops. */
    void stop() {
        stopped = true;
    }

    private void schedule(WorkManager workManager, String part, Runnable steps) {
        try {
            workManager.scheduleWork(new Part(part, steps));
        } catch (WorkException e) {
            LOG.log(Level.FINE, e, () -> "no " + part + " warm-up, the WorkManager refused it");
        }
    }

    /**
     * The adapter-wide key first, which a TLS listener's activation asks for first, served
     * once so that JSSE initializes with it; then JSSE alone, for when there is no such key.
     */
    private void tls() {
        step("the adapter-wide key", () -> keys.file().ifPresent(this::serveKey));
        step("JSSE", ServerTls::warmUp);
    }

    /** Reads the key into the adapter's keys, and makes a TLS context for it once. */
    private void serveKey(Path file) {
        try {
            ServerTls.serving(loadedKeys.key(keys, file));
        } catch (KeySettings.KeyProblem | GeneralSecurityException e) {
            // The listeners that serve it say what is wrong, each in its own log line.
            LOG.log(Level.FINE, e, () -> "warm-up: the adapter-wide key cannot be served");
        }
    }

    private void nettyAndParsers() {
        step("the I/O threads", () -> {
            SmtpTransport prepared = transport.prepare();
            if (prepared != null) {
                prepared.warmUp();
            }
        });
        step("the parsers", this::parsers);
    }

    /** Parses what every listener parses, with the adapter-wide values it most often has. */
    private void parsers() {
        SessionConfig.builder();
        Policy.builder();
        ReplyCatalog.defaults();
        NetworkList.parse(relayNetworks);
        ListenerSettings.mechanisms(authMechanisms);
    }

    /** One step, unless the adapter stopped; a failure is the activation's to report. */
    private void step(String name, Runnable step) {
        if (stopped) {
            return;
        }
        long begin = System.nanoTime();
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, e, () -> "warm-up of " + name + " failed");
            return;
        }
        LOG.fine(() -> "warm-up of " + name + " done in "
                + (System.nanoTime() - begin) / 1_000_000 + " ms");
    }

    /** One part of the warm-up, as work on a WorkManager thread. */
    private static final class Part implements Work {
        private final String name;
        private final Runnable steps;

        Part(String name, Runnable steps) {
            this.name = "smtp-warm-up-" + name;
            this.steps = steps;
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            String poolName = thread.getName();
            thread.setName(name);
            try {
                steps.run();
            } finally {
                // Netty's thread-locals would pin this application's classes to the thread.
                FastThreadLocal.removeAll();
                thread.setName(poolName);
            }
        }

        /** Nothing to do: each step is short, and the adapter's stop() skips the rest. */
        @Override
        public void release() {
        }
    }

    /** The event loop group, made by the warm-up unless an activation asked first. */
    private static final class PreparedTransport {
        private final Supplier<SmtpTransport> factory;
        private SmtpTransport made;
        private boolean taken;

        PreparedTransport(Supplier<SmtpTransport> factory) {
            this.factory = factory;
        }

        /** Makes the group, unless it was asked for before; the activation waits meanwhile. */
        synchronized SmtpTransport prepare() {
            if (!taken && made == null) {
                made = factory.get();
            }
            return made;
        }

        synchronized SmtpTransport take() {
            SmtpTransport prepared = made;
            made = null;
            taken = true;
            return prepared;
        }
    }
}
