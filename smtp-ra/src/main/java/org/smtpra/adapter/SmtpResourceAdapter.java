package org.smtpra.adapter;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
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
 *   <li>the server sets the configuration properties below, the adapter-wide defaults;</li>
 *   <li>{@link #start} creates the shared {@link SmtpTransport}, whose event loops run as
 *       long-lived work on the server's WorkManager;</li>
 *   <li>{@link #endpointActivation} opens a listening socket for one bean, with the
 *       bean's {@link SmtpActivationSpec} laid over the defaults;
 *       {@link #endpointDeactivation} closes it again (open sessions get a 421). When an
 *       activation fails while no other listener is open, the I/O threads stop at once and
 *       the next activation starts new ones;</li>
 *   <li>{@link #stop} closes every listener that is still open, then the transport.</li>
 * </ol>
 * Property values are read at {@code start} and at each activation; changing one affects
 * the listeners activated afterwards.
 */
@Connector(
        displayName = "SMTP resource adapter",
        description = "Receives mail over SMTP and asks message-driven beans for every "
                + "decision.",
        vendorName = "smtpra",
        eisType = "SMTP",
        version = "0.1",
        transactionSupport = TransactionSupportLevel.NoTransaction)
public class SmtpResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(SmtpResourceAdapter.class.getName());

    @ConfigProperty(description = "The name the server gives itself in the greeting, the "
            + "EHLO reply and the Received field. Empty: the host's canonical name, or "
            + "localhost when it cannot be found.")
    private String serverName = "";

    @ConfigProperty(defaultValue = "127.0.0.1", description = "The local address the "
            + "listeners bind to; 0.0.0.0 or :: for every interface.")
    private String bindAddress = "127.0.0.1";

    @ConfigProperty(description = "The domains mail is received for, separated by commas. "
            + "Mail for other domains is relayed only for clients in relayNetworks.")
    private String localDomains = "";

    @ConfigProperty(defaultValue = "127.0.0.0/8, ::1/128", description = "The client "
            + "networks, in CIDR notation and separated by commas, that may send mail to "
            + "any domain.")
    private String relayNetworks = "127.0.0.0/8, ::1/128";

    @ConfigProperty(defaultValue = "10485760", description = "The largest message accepted, "
            + "in octets; advertised with the SIZE extension (RFC 1870).")
    private Long maxMessageSize = 10_485_760L;

    @ConfigProperty(defaultValue = "100", description = "Recipients per message; RFC 5321 "
            + "4.5.3.1.8 requires at least 100.")
    private Integer maxRecipients = 100;

    @ConfigProperty(defaultValue = "20", description = "Negative replies in one session "
            + "before the server closes it.")
    private Integer maxErrors = 20;

    @ConfigProperty(defaultValue = "1000", description = "Mail transactions in one session.")
    private Integer maxTransactions = 1000;

    @ConfigProperty(defaultValue = "2048", description = "The longest command line, in "
            + "octets with CRLF; RFC 5321 4.5.3.1.4 requires at least 512.")
    private Integer maxCommandLineLength = 2048;

    @ConfigProperty(defaultValue = "1000", description = "The longest line of message text, "
            + "in octets with CRLF; RFC 5321 4.5.3.1.6 requires at least 1000.")
    private Integer maxTextLineLength = 1000;

    @ConfigProperty(description = "Where messages larger than spoolThreshold are kept while "
            + "they are received. Empty: smtp-spool under the server's instance root, or "
            + "under java.io.tmpdir outside a server.")
    private String spoolDirectory = "";

    @ConfigProperty(defaultValue = "1048576", description = "Messages up to this many octets "
            + "stay in memory; larger ones are spooled to disk.")
    private Integer spoolThreshold = 1_048_576;

    @ConfigProperty(description = "How listeners offer TLS: none, starttls (RFC 3207) or "
            + "implicit (TLS from the first byte, RFC 8314). Empty: starttls when a key is "
            + "available, else none.")
    private String tlsMode = "";

    // Boolean properties have is-getters: Payara reads their defaults through them.
    @ConfigProperty(defaultValue = "false", description = "Refuse mail commands before TLS "
            + "with 550 5.7.0. RFC 3207 forbids it on a server that receives mail for its "
            + "domains from the Internet; meant for submission listeners.")
    private Boolean requireTls = false;

    @ConfigProperty(description = "The key store (PKCS12 or JKS) that holds the TLS key. "
            + "Empty: the server's own, javax.net.ssl.keyStore or "
            + "config/keystore.p12 under the instance root.")
    private String keyStore = "";

    @ConfigProperty(description = "The password of the key store and of the key. Empty: "
            + "javax.net.ssl.keyStorePassword, the server's master password, else changeit.",
            confidential = true)
    private String keyStorePassword = "";

    @ConfigProperty(description = "The alias of the key to serve. Empty: s1as, the "
            + "certificate of a Payara domain.")
    private String keyAlias = "";

    @ConfigProperty(defaultValue = "PLAIN LOGIN", description = "The SASL mechanisms of AUTH "
            + "(RFC 4954), separated by spaces or commas: PLAIN, LOGIN, or none. Credentials "
            + "are checked by the server's default security realm.")
    private String authMechanisms = "PLAIN LOGIN";

    @ConfigProperty(defaultValue = "false", description = "Offer AUTH without TLS, which "
            + "sends passwords in clear; only for development on the loopback interface.")
    private Boolean allowPlaintextAuth = false;

    @ConfigProperty(defaultValue = "false", description = "Refuse MAIL before a successful "
            + "AUTH with 530 5.7.0; meant for submission listeners (RFC 6409).")
    private Boolean requireAuth = false;

    @ConfigProperty(defaultValue = "3", description = "Failed AUTH attempts in one session "
            + "before the server answers 554 5.7.0 and closes it.")
    private Integer maxAuthFailures = 3;

    @ConfigProperty(defaultValue = "2", description = "I/O threads shared by every listener "
            + "of this adapter; each one serves many connections.")
    private Integer ioThreads = 2;

    private final List<Activation> activations = new ArrayList<>();
    private final Set<Path> preparedSpools = new HashSet<>();
    private WorkManager workManager;
    private SmtpTransport transport;
    private String defaultServerName;

    /** One open listener, found again by the factory and spec it was activated with. */
    private record Activation(MessageEndpointFactory factory, ActivationSpec spec,
            SmtpServer server) {

        boolean isFor(MessageEndpointFactory otherFactory, ActivationSpec otherSpec) {
            return factory == otherFactory && spec == otherSpec;
        }
    }

    /** Creates the I/O threads; no socket is opened before a bean is activated. */
    @Override
    public synchronized void start(BootstrapContext context)
            throws ResourceAdapterInternalException {
        if (ioThreads == null || ioThreads < 1) {
            throw new ResourceAdapterInternalException("ioThreads must be at least 1, was "
                    + ioThreads);
        }
        workManager = context.getWorkManager();
        if (!context.isContextSupported(SecurityContext.class)) {
            LOG.warning("the server does not support security inflow: AUTH fails with 554 "
                    + "and beans do not see the user of an authenticated session");
        }
        defaultServerName = lookUpServerName();
        transport = newTransport();
        LOG.info(() -> "SMTP resource adapter started: " + ioThreads + " I/O threads, "
                + "server name " + resolvedServerName() + ", spool "
                + resolvedSpoolDirectory());
    }

    /** Closes every listener still open, then stops the I/O threads. */
    @Override
    public synchronized void stop() {
        for (Activation activation : activations) {
            activation.server().close();
        }
        activations.clear();
        preparedSpools.clear();
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
        String name = listenerName(factory);
        ListenerSettings settings = settings(name, smtpSpec);
        if (transport == null) {
            transport = newTransport();
        }
        prepareSpool(settings.spoolDirectory());
        SmtpServer server = new SmtpServer(name, settings.address(), settings.sessionConfig(),
                new EndpointInvoker(name, factory, workManager),
                new RealmAuthenticator(name, workManager), settings.serverTls(), transport);
        try {
            bind(server, name, settings);
        } catch (ResourceException e) {
            closeIdleTransport();
            throw e;
        }
        activations.add(new Activation(factory, spec, server));
    }

    /** Closes the bean's listener; its open sessions are told 421 and closed. */
    @Override
    public synchronized void endpointDeactivation(MessageEndpointFactory factory,
            ActivationSpec spec) {
        Iterator<Activation> it = activations.iterator();
        while (it.hasNext()) {
            Activation activation = it.next();
            if (activation.isFor(factory, spec)) {
                it.remove();
                activation.server().close();
                return;
            }
        }
        LOG.warning(() -> "no SMTP listener to deactivate for " + listenerName(factory));
    }

    /** None: deliveries are not enlisted in transactions yet, so there is nothing to recover. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null;
    }

    /** The spec, validated, over the defaults; what is wrong is logged, as the server does not. */
    private ListenerSettings settings(String name, SmtpActivationSpec spec)
            throws InvalidPropertyException {
        try {
            // The specification lets the server skip validate(), and Payara 6 does skip it.
            spec.validate();
            return ListenerSettings.of(name, this, spec);
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
        return new SmtpTransport(ioThreads, new WorkManagerThreads(workManager));
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
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /**
     * Creates a spool folder and clears what a previous run left in it, once per folder and
     * adapter run: later listeners may share a folder whose files are in use.
     */
    private void prepareSpool(Path directory) throws ResourceException {
        if (!preparedSpools.add(directory.toAbsolutePath().normalize())) {
            return;
        }
        try {
            int removed = SpoolFolder.prepare(directory);
            if (removed > 0) {
                LOG.info(() -> "deleted " + removed + " unfinished messages from the spool "
                        + directory + "; their senders were not told OK and will retry");
            }
        } catch (IOException e) {
            preparedSpools.remove(directory.toAbsolutePath().normalize());
            throw new ResourceException("cannot prepare the spool directory " + directory, e);
        }
    }

    /** The bean's class name where the server tells it, else the server's activation name. */
    private static String listenerName(MessageEndpointFactory factory) {
        Class<?> bean = factory.getEndpointClass();
        return bean != null ? bean.getSimpleName() : factory.getActivationName();
    }

    /** The host's canonical name, looked up once at start because it may ask DNS. */
    private static String lookUpServerName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            LOG.log(Level.CONFIG, "host name unknown, using localhost", e);
            return "localhost";
        }
    }

    /** The server name in effect: the property, or the host's name when it is empty. */
    String resolvedServerName() {
        return ListenerSettings.isBlank(serverName) ? defaultServerName : serverName.trim();
    }

    /** The spool directory in effect: the property, or a default when it is empty. */
    Path resolvedSpoolDirectory() {
        if (!ListenerSettings.isBlank(spoolDirectory)) {
            return Path.of(spoolDirectory.trim());
        }
        // Under the instance root the spool lives and dies with the server's own files.
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
        String parent = instanceRoot != null ? instanceRoot : System.getProperty("java.io.tmpdir");
        return Path.of(parent, "smtp-spool");
    }

    /** @return the server name; empty means the host's canonical name */
    public String getServerName() {
        return serverName;
    }

    /** @param serverName the server name; empty means the host's canonical name */
    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    /** @return the local address listeners bind to */
    public String getBindAddress() {
        return bindAddress;
    }

    /** @param bindAddress the local address listeners bind to */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** @return the local domains, separated by commas */
    public String getLocalDomains() {
        return localDomains;
    }

    /** @param localDomains the local domains, separated by commas */
    public void setLocalDomains(String localDomains) {
        this.localDomains = localDomains;
    }

    /** @return the relay networks in CIDR notation, separated by commas */
    public String getRelayNetworks() {
        return relayNetworks;
    }

    /** @param relayNetworks the relay networks in CIDR notation, separated by commas */
    public void setRelayNetworks(String relayNetworks) {
        this.relayNetworks = relayNetworks;
    }

    /** @return the largest message accepted, in octets */
    public Long getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize the largest message accepted, in octets */
    public void setMaxMessageSize(Long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** @return the recipients allowed per message */
    public Integer getMaxRecipients() {
        return maxRecipients;
    }

    /** @param maxRecipients the recipients allowed per message */
    public void setMaxRecipients(Integer maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    /** @return the negative replies allowed per session */
    public Integer getMaxErrors() {
        return maxErrors;
    }

    /** @param maxErrors the negative replies allowed per session */
    public void setMaxErrors(Integer maxErrors) {
        this.maxErrors = maxErrors;
    }

    /** @return the mail transactions allowed per session */
    public Integer getMaxTransactions() {
        return maxTransactions;
    }

    /** @param maxTransactions the mail transactions allowed per session */
    public void setMaxTransactions(Integer maxTransactions) {
        this.maxTransactions = maxTransactions;
    }

    /** @return the longest command line, in octets */
    public Integer getMaxCommandLineLength() {
        return maxCommandLineLength;
    }

    /** @param maxCommandLineLength the longest command line, in octets */
    public void setMaxCommandLineLength(Integer maxCommandLineLength) {
        this.maxCommandLineLength = maxCommandLineLength;
    }

    /** @return the longest line of message text, in octets */
    public Integer getMaxTextLineLength() {
        return maxTextLineLength;
    }

    /** @param maxTextLineLength the longest line of message text, in octets */
    public void setMaxTextLineLength(Integer maxTextLineLength) {
        this.maxTextLineLength = maxTextLineLength;
    }

    /** @return the spool directory; empty means the default */
    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    /** @param spoolDirectory the spool directory; empty means the default */
    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    /** @return the size up to which messages stay in memory, in octets */
    public Integer getSpoolThreshold() {
        return spoolThreshold;
    }

    /** @param spoolThreshold the size up to which messages stay in memory, in octets */
    public void setSpoolThreshold(Integer spoolThreshold) {
        this.spoolThreshold = spoolThreshold;
    }

    /** @return none, starttls or implicit; empty for starttls when a key is available */
    public String getTlsMode() {
        return tlsMode;
    }

    /** @param tlsMode none, starttls or implicit; empty for starttls when a key is available */
    public void setTlsMode(String tlsMode) {
        this.tlsMode = tlsMode;
    }

    /** @return whether mail commands need TLS first */
    public Boolean isRequireTls() {
        return requireTls;
    }

    /** @param requireTls whether mail commands need TLS first */
    public void setRequireTls(Boolean requireTls) {
        this.requireTls = requireTls;
    }

    /** @return the key store file; empty for the server's */
    public String getKeyStore() {
        return keyStore;
    }

    /** @param keyStore the key store file; empty for the server's */
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    /** @return the key store's password; empty for the server's master password */
    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    /** @param keyStorePassword the key store's password; empty for the server's */
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    /** @return the alias of the key to serve; empty for s1as */
    public String getKeyAlias() {
        return keyAlias;
    }

    /** @param keyAlias the alias of the key to serve; empty for s1as */
    public void setKeyAlias(String keyAlias) {
        this.keyAlias = keyAlias;
    }

    /** @return the SASL mechanisms of AUTH, or none */
    public String getAuthMechanisms() {
        return authMechanisms;
    }

    /** @param authMechanisms the SASL mechanisms of AUTH, or none */
    public void setAuthMechanisms(String authMechanisms) {
        this.authMechanisms = authMechanisms;
    }

    /** @return whether AUTH is offered without TLS */
    public Boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    /** @param allowPlaintextAuth whether AUTH is offered without TLS */
    public void setAllowPlaintextAuth(Boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    /** @return whether MAIL needs a successful AUTH first */
    public Boolean isRequireAuth() {
        return requireAuth;
    }

    /** @param requireAuth whether MAIL needs a successful AUTH first */
    public void setRequireAuth(Boolean requireAuth) {
        this.requireAuth = requireAuth;
    }

    /** @return the failed AUTH attempts allowed per session */
    public Integer getMaxAuthFailures() {
        return maxAuthFailures;
    }

    /** @param maxAuthFailures the failed AUTH attempts allowed per session */
    public void setMaxAuthFailures(Integer maxAuthFailures) {
        this.maxAuthFailures = maxAuthFailures;
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
