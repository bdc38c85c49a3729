package org.smtpra.adapter;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.SecurityContext;
import jakarta.resource.spi.work.WorkManager;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;
import org.smtpra.protocol.SpoolFolder;
import org.smtpra.transport.SmtpServer;
import org.smtpra.transport.SmtpTransport;

/**
 * The SMTP resource adapter: it owns the I/O threads and opens one SMTP listener for each
 * message-driven bean that implements {@link org.smtpra.api.SmtpListener}.
 *
 * <p>Lifecycle, driven by the application server:
 * <ol>
 *   <li>the server sets the configuration properties, the adapter-wide defaults of every
 *       listener (declared in {@link ListenerProperties}) and {@code ioThreads};</li>
 *   <li>{@link #start} has the shared {@link SmtpTransport}, whose event loops run as
 *       long-lived work on the server's WorkManager, made on a WorkManager thread with the
 *       rest of the {@link WarmUp}, while the server deploys the beans;</li>
 *   <li>{@link #endpointActivation} opens a listening socket for one bean, with the
 *       bean's {@link SmtpActivationSpec} laid over the defaults;
 *       {@link #endpointDeactivation} closes it again (open sessions get a 421). When an
 *       activation fails while no other listener is open, the I/O threads stop at once and
 *       the next activation starts new ones;</li>
 *   <li>{@link #stop} closes every listener that is still open, then the transport.</li>
 * </ol>
 * Property values are read at {@code start} and at each activation. When an administrator
 * changes one, Payara stops this object and starts a new one; the listeners are then handed
 * from one to the other ({@link AdapterRestart}): those whose settings did not change stay
 * open with their sessions, the others open again with the new settings.
 */
@Connector(
        displayName = "SMTP resource adapter",
        description = "Receives mail over SMTP and asks message-driven beans for every "
                + "decision.",
        vendorName = "smtpra",
        eisType = "SMTP",
        version = "0.1",
        transactionSupport = TransactionSupportLevel.NoTransaction)
public class SmtpResourceAdapter extends ListenerProperties implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(SmtpResourceAdapter.class.getName());

    @ConfigProperty(defaultValue = "2", description = "I/O threads shared by every listener "
            + "of this adapter; each one serves many connections.")
    private Integer ioThreads = 2;

    private final List<Activation> activations = new ArrayList<>();
    /** Listeners Payara deactivated to stop the adapter, open until {@link #stop} decides. */
    private final List<Activation> retained = new ArrayList<>();
    private final Set<Path> preparedSpools = new HashSet<>();
    private final LoadedKeys loadedKeys = new LoadedKeys();
    private WorkManager workManager;
    /** The server's, for the bean calls to watch their transactions; null if it has none. */
    private TransactionSynchronizationRegistry transactions;
    private SmtpTransport transport;
    /** Started by a fresh start; it makes the transport, which the first activation takes. */
    private WarmUp warmUp;
    private String hostName;

    /** One open listener, found again by the factory and spec it was activated with. */
    private record Activation(MessageEndpointFactory factory, ActivationSpec spec,
            SmtpServer server, ListenerMetrics metrics) {

        boolean isFor(MessageEndpointFactory otherFactory, ActivationSpec otherSpec) {
            return factory == otherFactory && spec == otherSpec;
        }

        /** Closes the listener and takes its metrics out of the MBean server. */
        void close() {
            server.close();
            metrics.unregister();
        }
    }

    /** An adapter with the declared defaults, as the server creates it. */
    public SmtpResourceAdapter() {
        useDeclaredDefaults();
    }

    /**
     * Starts the warm-up, which makes the I/O threads' group among other things; no socket is
     * opened before a bean is activated. After a restart for a changed setting, takes over
     * the listeners of the previous object instead.
     */
    @Override
    public synchronized void start(BootstrapContext context)
            throws ResourceAdapterInternalException {
        long begin = System.nanoTime();
        AdapterRestart.Handover handover = AdapterRestart.take();
        if (handover == null && !validIoThreads()) {
            throw new ResourceAdapterInternalException("ioThreads must be at least 1, was "
                    + ioThreads);
        }
        workManager = context.getWorkManager();
        transactions = context.getTransactionSynchronizationRegistry();
        if (transactions == null) {
            LOG.info("the server offers no transaction synchronization registry: each bean "
                    + "endpoint enlists an XAResource to learn whether its transaction "
                    + "committed");
        }
        if (!context.isContextSupported(SecurityContext.class)) {
            LOG.warning("the server does not support security inflow: AUTH fails with 554 "
                    + "and beans do not see the user of an authenticated session");
        }
        hostName = lookUpHostName();
        if (handover == null) {
            // Overlaps with the server's deployment of the beans, which comes next.
            warmUp = WarmUp.start(workManager, transports(), this, loadedKeys);
        } else {
            takeOver(handover);
        }
        long millis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info(() -> "SMTP resource adapter started in " + millis + " ms: " + ioThreads
                + " I/O threads, host name " + hostName);
    }

    /**
     * Closes every listener still open, then stops the I/O threads; but when Payara stops
     * the adapter only to start it again with changed settings, hands the listeners it
     * deactivated for that over to the next adapter object, open.
     */
    @Override
    public synchronized void stop() {
        if (warmUp != null) {
            warmUp.stop();
        }
        if (!retained.isEmpty() && PayaraRuntime.restartUnderway()) {
            handOver();
        }
        retained.forEach(Activation::close);
        retained.clear();
        activations.forEach(Activation::close);
        activations.clear();
        preparedSpools.clear();
        loadedKeys.clear();
        closeTransport();
        LOG.info("SMTP resource adapter stopped");
    }

    /**
     * Opens the SMTP listener of one message-driven bean.
     *
     * @throws NotSupportedException if the spec is not an {@link SmtpActivationSpec}
     * @throws ResourceException if the settings are invalid or the port cannot be bound
     */
    @Override
    public synchronized void endpointActivation(MessageEndpointFactory factory,
            ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof SmtpActivationSpec smtpSpec)) {
            throw new NotSupportedException("not an SmtpActivationSpec: " + spec);
        }
        if (workManager == null) {
            throw new ResourceException("the SMTP resource adapter is not started");
        }
        long begin = System.nanoTime();
        String name = listenerName(factory);
        ListenerMetrics metrics = new ListenerMetrics(name);
        ListenerSettings settings = settings(name, smtpSpec, metrics);
        if (transport == null) {
            transport = preparedOrNewTransport();
        }
        SmtpServer server;
        try {
            server = open(name, factory, settings);
            activations.add(new Activation(factory, spec, server, metrics));
            metrics.register();
        } catch (ResourceException e) {
            closeIdleTransport();
            throw e;
        }
        // The adapter's own share of a deployment, apart from the server's work around it.
        long millis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info(() -> "SMTP listener " + name + " open on " + server.localAddress()
                + ", activated in " + millis + " ms");
    }

    private SmtpServer open(String name, MessageEndpointFactory factory,
            ListenerSettings settings) throws ResourceException {
        SmtpServer server = new SmtpServer(name, settings.address(), settings.sessionConfig(),
                invoker(name, factory, settings), new RealmAuthenticator(name, workManager),
                settings.serverTls(), transport);
        bind(server, name, settings);
        return server;
    }

    /**
     * Closes the bean's listener; its open sessions are told 421 and closed. When Payara
     * deactivates it to stop the whole adapter, the listener stays open until {@link #stop}.
     */
    @Override
    public synchronized void endpointDeactivation(MessageEndpointFactory factory,
            ActivationSpec spec) {
        Iterator<Activation> it = activations.iterator();
        while (it.hasNext()) {
            Activation activation = it.next();
            if (activation.isFor(factory, spec)) {
                it.remove();
                if (mayOutliveThisObject()) {
                    retained.add(activation);
                } else {
                    activation.close();
                    stopIdleIoThreads();
                }
                return;
            }
        }
        LOG.warning(() -> "no SMTP listener to deactivate for " + listenerName(factory));
    }

    /**
     * Whether Payara is stopping this standalone adapter, which it may start again. An
     * adapter inside an EAR it cannot start again, which the administrator is told.
     */
    private boolean mayOutliveThisObject() {
        if (!PayaraRuntime.deactivatingForAdapterStop()) {
            return false;
        }
        String module = PayaraRuntime.moduleName(this).orElse("");
        if (module.contains("#") && PayaraRuntime.restartUnderway()) {
            LOG.warning(() -> "Payara is restarting the SMTP resource adapter " + module
                    + " for a changed setting, which it cannot do for an adapter inside an "
                    + "EAR: its listeners stay closed until the application is redeployed. "
                    + "Deploy smtp-ra.rar on its own to change settings while it runs");
        }
        return !module.isEmpty() && !module.contains("#");
    }

    /** Leaves the retained listeners and the I/O threads to the next adapter object. */
    private void handOver() {
        Map<MessageEndpointFactory, Map.Entry<?, ?>> records =
                PayaraRuntime.endpointRecords(this);
        List<AdapterRestart.Listener> listeners = new ArrayList<>();
        for (Activation activation : retained) {
            SmtpActivationSpec spec = (SmtpActivationSpec) activation.spec();
            listeners.add(new AdapterRestart.Listener(activation.factory(), spec,
                    activation.server(), activation.metrics(),
                    AdapterRestart.settings(spec, this),
                    records.get(activation.factory())));
        }
        AdapterRestart.offer(new AdapterRestart.Handover(listeners, transport, ioThreads,
                Set.copyOf(preparedSpools)), workManager);
        retained.clear();
        transport = null;
        LOG.info(() -> "SMTP resource adapter stopping for a restart by the server: "
                + listeners.size() + " listeners stay open for the next start");
    }

    /**
     * Takes over the previous object's listeners and I/O threads; a new number of I/O
     * threads opens every listener again on new ones.
     */
    private void takeOver(AdapterRestart.Handover handover) {
        preparedSpools.addAll(handover.preparedSpools());
        if (!validIoThreads()) {
            LOG.severe(() -> "ioThreads must be at least 1, was " + ioThreads + "; keeping "
                    + handover.ioThreads());
            ioThreads = handover.ioThreads();
        }
        List<Map.Entry<?, ?>> records = new ArrayList<>();
        boolean sameThreads = ioThreads == handover.ioThreads();
        if (sameThreads) {
            transport = handover.transport();
        } else {
            handover.close();
            transport = newTransport();
        }
        for (AdapterRestart.Listener listener : handover.listeners()) {
            takeOver(listener, sameThreads);
            if (listener.payaraRecord() != null) {
                records.add(listener.payaraRecord());
            }
        }
        AdapterRestart.fileWithPayara(this, records, workManager);
    }

    /**
     * Keeps each listener open, its socket bound and its sessions on the settings they
     * started with: new sessions get the new settings and this object's WorkManager. A
     * listener whose address or port changed, or whose I/O threads went away, opens again.
     * New settings that are invalid leave the listener as it was, and say so.
     */
    private void takeOver(AdapterRestart.Listener listener, boolean stillOpen) {
        String name = listenerName(listener.factory());
        SmtpActivationSpec spec = listener.spec();
        associate(spec);
        try {
            spec.validate();
            ListenerSettings settings = ListenerSettings.of(name, this, spec,
                    listener.metrics());
            SmtpServer server = listener.server();
            boolean changed = !AdapterRestart.settings(spec, this).equals(listener.settings());
            if (stillOpen && settings.address().equals(server.bindAddress())) {
                server.update(settings.sessionConfig(), invoker(name, listener.factory(),
                        settings), new RealmAuthenticator(name, workManager),
                        settings.serverTls());
                LOG.info(() -> "SMTP listener " + name + " kept open by the restarted adapter"
                        + (changed ? "; new sessions take the changed settings" : ""));
            } else {
                server.close();
                server = open(name, listener.factory(), settings);
                SmtpServer reopened = server;
                LOG.info(() -> "SMTP listener " + name + " open again on "
                        + reopened.localAddress() + " with the restarted adapter's settings");
            }
            activations.add(new Activation(listener.factory(), spec, server, listener.metrics()));
        } catch (InvalidPropertyException e) {
            keepPrevious(listener, stillOpen, e);
        } catch (ResourceException e) {
            listener.metrics().unregister();
            LOG.log(Level.SEVERE, "SMTP listener " + name + " is closed: " + e.getMessage(), e);
        }
    }

    private EndpointInvoker invoker(String name, MessageEndpointFactory factory,
            ListenerSettings settings) {
        return new EndpointInvoker(name, factory, workManager,
                settings.maxConcurrentDecisions(), settings.sessionConfig().decisionTimeout(),
                transactions);
    }

    private void keepPrevious(AdapterRestart.Listener listener, boolean stillOpen,
            InvalidPropertyException e) {
        String name = listenerName(listener.factory());
        if (!stillOpen) {
            listener.metrics().unregister();
            LOG.severe(() -> "SMTP listener " + name + " is closed: " + e.getMessage());
            return;
        }
        activations.add(new Activation(listener.factory(), listener.spec(), listener.server(),
                listener.metrics()));
        LOG.severe(() -> "SMTP listener " + name + " keeps its previous settings, the new "
                + "ones are invalid: " + e.getMessage());
    }

    /** The spec belongs to this object now, as it would after a fresh activation. */
    private void associate(SmtpActivationSpec spec) {
        try {
            spec.setResourceAdapter(this);
        } catch (ResourceException e) {
            throw new IllegalStateException("the spec refused its adapter", e);
        }
    }

    private boolean validIoThreads() {
        return ioThreads != null && ioThreads >= 1;
    }

    /** None: deliveries are not enlisted in transactions yet, so there is nothing to recover. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null;
    }

    /** The spec, validated, over the defaults; what is wrong is logged, as the server does not. */
    private ListenerSettings settings(String name, SmtpActivationSpec spec,
            ListenerMetrics metrics) throws InvalidPropertyException {
        try {
            // The specification lets the server skip validate(), and Payara 6 does skip it.
            spec.validate();
            return ListenerSettings.of(name, this, spec, metrics);
        } catch (InvalidPropertyException e) {
            LOG.severe(() -> "SMTP listener " + name + " not opened: " + e.getMessage());
            throw e;
        }
    }

    private static void bind(SmtpServer server, String name, ListenerSettings settings)
            throws ResourceException {
        try {
            server.start();
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = "SMTP listener " + name + " cannot listen on port "
                    + settings.address().getPort() + " of " + settings.address().getHostString()
                    + ": " + cause.getMessage();
            LOG.log(Level.SEVERE, message, e);
            throw new ResourceException(message, e);
        }
    }

    private SmtpTransport newTransport() {
        return transports().get();
    }

    /** What makes the transport, with the settings of now, for this thread or another. */
    private Supplier<SmtpTransport> transports() {
        int threads = ioThreads;
        WorkManagerThreads threadStarter = new WorkManagerThreads(workManager);
        return () -> new SmtpTransport(threads, threadStarter);
    }

    /** The transport the warm-up made, or else a new one. */
    private SmtpTransport preparedOrNewTransport() {
        SmtpTransport prepared = warmUp == null ? null : warmUp.takeTransport();
        return prepared != null ? prepared : newTransport();
    }

    /**
     * After a deactivation, stops the I/O threads once no listener is left, open or kept
     * for a restart of the adapter (see {@link #closeIdleTransport}).
     */
    private void stopIdleIoThreads() {
        if (retained.isEmpty()) {
            closeIdleTransport();
        }
    }

    /**
     * Stops the I/O threads when no listener needs them; the next activation starts new ones.
     * Why now rather than in {@code stop()}: when a failed activation fails a deployment,
     * Payara closes the application's class loader before it stops the adapter, and event
     * loops that shut down after that die on the Netty classes they can no longer load.
     */
    private void closeIdleTransport() {
        if (activations.isEmpty()) {
            closeTransport();
        }
    }

    private void closeTransport() {
        if (transport == null && warmUp != null) {
            // Made ahead for an activation that did not come.
            transport = warmUp.takeTransport();
        }
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /**
     * Creates a spool folder, clears what a previous run left in it and makes sure it can be
     * written, once per folder and adapter run: later listeners may share a folder whose
     * files are in use.
     *
     * @throws IOException when the folder cannot be created or written
     */
    void prepareSpool(Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        if (preparedSpools.contains(key)) {
            return;
        }
        int removed = SpoolFolder.prepare(directory);
        if (removed > 0) {
            LOG.info(() -> "deleted " + removed + " unfinished messages from the spool "
                    + directory + "; their senders were not told OK and will retry");
        }
        // As root every permission check passes, so only a real write tells.
        Files.delete(Files.createTempFile(directory, "smtp-spool-check-", ".tmp"));
        preparedSpools.add(key);
    }

    /** The bean's class name where the server tells it, else the server's activation name. */
    private static String listenerName(MessageEndpointFactory factory) {
        Class<?> bean = factory.getEndpointClass();
        return bean != null ? bean.getSimpleName() : factory.getActivationName();
    }

    /**
     * The host's canonical name, looked up once at start because it may ask DNS; null when
     * the host's own name has no address, which the listeners without a serverName report.
     */
    private static String lookUpHostName() {
        try {
            InetAddress host = InetAddress.getLocalHost();
            String name = host.getCanonicalHostName();
            // Without a name in DNS the JDK gives the address itself, which a greeting must
            // write as an address literal (RFC 5321 4.1.3).
            if (name.equals(host.getHostAddress())) {
                return host instanceof Inet6Address ? "[IPv6:" + name + "]" : "[" + name + "]";
            }
            return name;
        } catch (UnknownHostException e) {
            LOG.log(Level.WARNING, "the host's own name has no address; listeners without a "
                    + "serverName cannot take mail", e);
            return null;
        }
    }

    /** The TLS keys this run has read, which its listeners share. */
    LoadedKeys loadedKeys() {
        return loadedKeys;
    }

    /** The host's canonical name, or null when it could not be found at start. */
    String hostName() {
        return hostName;
    }

    /**
     * The spool directory in effect: the setting, or else {@code smtp-spool} under the
     * instance root, where it lives and dies with the server's own files.
     */
    static Path spoolDirectory(String setting) {
        if (!setting.isBlank()) {
            return Path.of(setting.trim());
        }
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
        String parent = instanceRoot != null ? instanceRoot : System.getProperty("java.io.tmpdir");
        return Path.of(parent, "smtp-spool");
    }

    /** @return the number of I/O threads */
    public Integer getIoThreads() {
        return ioThreads;
    }

    /** @param ioThreads the number of I/O threads */
    public void setIoThreads(Integer ioThreads) {
        this.ioThreads = ioThreads;
    }
}
