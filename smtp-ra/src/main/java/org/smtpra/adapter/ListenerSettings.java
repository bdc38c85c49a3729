package org.smtpra.adapter;

import jakarta.resource.spi.InvalidPropertyException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.smtpra.api.Reply;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.SessionEvents;
import org.smtpra.protocol.TlsMode;
import org.smtpra.transport.ServerTls;

/**
 * The settings of one listener: each property of the bean's activation spec that is set
 * (not null, not blank) wins over the adapter-wide default of the same name
 * ({@link ListenerProperties#merged}).
 */
final class ListenerSettings {

    /** The SASL mechanisms the engine implements (RFC 4616 PLAIN, and LOGIN). */
    static final Set<String> MECHANISMS = SessionConfig.SUPPORTED_MECHANISMS;

    /** The authMechanisms value that turns AUTH off where the adapter's default has it. */
    static final String NO_MECHANISMS = "none";

    private final InetSocketAddress address;
    private final Path spoolDirectory;
    private final ListenerTls tls;
    private final SessionConfig sessionConfig;
    private final int maxConcurrentDecisions;

    private ListenerSettings(InetSocketAddress address, Path spoolDirectory, ListenerTls tls,
            SessionConfig sessionConfig, int maxConcurrentDecisions) {
        this.address = address;
        this.spoolDirectory = spoolDirectory;
        this.tls = tls;
        this.sessionConfig = sessionConfig;
        this.maxConcurrentDecisions = maxConcurrentDecisions;
    }

    /**
     * Lays the spec over the adapter's defaults, loads the TLS key, the lists and the reply
     * texts, and prepares the spool folder. Faults that leave the listener unable to take
     * mail make it answer 421 (see {@link ConfigurationFaults}); only settings invalid in
     * themselves are thrown.
     *
     * @param name the listener's name, for logs
     * @param events where the sessions report, for the listener's metrics
     * @throws InvalidPropertyException naming the first setting that is not valid
     */
    static ListenerSettings of(String name, SmtpResourceAdapter adapter,
            SmtpActivationSpec spec, SessionEvents events) throws InvalidPropertyException {
        try {
            ListenerProperties settings = ListenerProperties.merged(spec, adapter);
            InetSocketAddress address = address(settings.getBindAddress(), spec.getPort());
            boolean requireTls = settings.isRequireTls();
            ListenerTls tls = ListenerTls.choose(name, settings.getTlsMode(), requireTls,
                    keys(settings), adapter.loadedKeys());
            checkTlsPossible(requireTls, tls.mode());
            ConfigurationFaults faults = new ConfigurationFaults();
            Path spool = spool(adapter, settings.getSpoolDirectory(), faults);
            SessionConfig config = sessionConfig(settings, faults)
                    .listenerName(name)
                    .events(events)
                    .serverName(serverName(adapter, settings.getServerName(), faults))
                    .spoolDirectory(spool)
                    .tlsMode(tls.mode())
                    .requireTls(requireTls)
                    .unavailable(faults.reply())
                    .build();
            checkAuthPossible(config);
            faults.log(name, config);
            return new ListenerSettings(address, spool, tls, config,
                    settings.getMaxConcurrentDecisions());
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
    }

    /** The same, for a listener whose sessions report to nobody. */
    static ListenerSettings of(String name, SmtpResourceAdapter adapter,
            SmtpActivationSpec spec) throws InvalidPropertyException {
        return of(name, adapter, spec, SessionEvents.NONE);
    }

    private static InetSocketAddress address(String host, int port)
            throws InvalidPropertyException {
        InetSocketAddress address = new InetSocketAddress(host.trim(), port);
        if (address.isUnresolved()) {
            throw new InvalidPropertyException("bindAddress " + host.trim()
                    + " cannot be resolved");
        }
        return address;
    }

    /** The spool folder, created and tried; one that cannot be used is a fault. */
    private static Path spool(SmtpResourceAdapter adapter, String setting,
            ConfigurationFaults faults) {
        Path spool = SmtpResourceAdapter.spoolDirectory(setting);
        try {
            adapter.prepareSpool(spool);
        } catch (IOException e) {
            faults.add(Reply.SERVICE_NOT_AVAILABLE_NO_SPOOL_FOLDER, "spoolDirectory",
                    "the spool folder " + spool + " cannot be created or written ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return spool;
    }

    /** The setting, else the host's name; a listener without either cannot name itself. */
    private static String serverName(SmtpResourceAdapter adapter, String setting,
            ConfigurationFaults faults) {
        if (!setting.isBlank()) {
            return setting.trim();
        }
        if (adapter.hostName() != null) {
            return adapter.hostName();
        }
        faults.add(Reply.SERVICE_NOT_AVAILABLE_NO_ADDRESSES, "serverName", "serverName is "
                + "empty and the host's own name has no address, so the listener has no name "
                + "for its greeting");
        return "localhost";
    }

    /** A mode of none, or automatic without a key, cannot serve a listener that needs TLS. */
    private static void checkTlsPossible(boolean requireTls, TlsMode mode)
            throws InvalidPropertyException {
        if (requireTls && mode == TlsMode.NONE) {
            throw new InvalidPropertyException("requireTls needs TLS: set tlsMode to "
                    + "starttls or implicit, and keyStore when the server has no key store");
        }
    }

    /** AUTH is offered only over TLS, unless allowed in clear: else no client could send. */
    private static void checkAuthPossible(SessionConfig config) throws InvalidPropertyException {
        if (config.requireAuth() && config.tlsMode() == TlsMode.NONE
                && !config.allowPlaintextAuth()) {
            throw new InvalidPropertyException("requireAuth needs TLS, or allowPlaintextAuth "
                    + "for development");
        }
    }

    private static KeySettings keys(ListenerProperties settings) {
        return new KeySettings(settings.getKeyStore(), settings.getKeyStorePassword(),
                settings.getKeyAlias());
    }

    /** Everything but TLS, which depends on the key, and what the adapter adds. */
    private static SessionConfig.Builder sessionConfig(ListenerProperties s,
            ConfigurationFaults faults) {
        Set<String> localDomains = words(s.getLocalDomains());
        if (localDomains.isEmpty()) {
            faults.add(Reply.SERVICE_NOT_AVAILABLE_NO_HOSTED_DOMAIN, "localDomains",
                    "localDomains is empty, so the listener receives mail for no domain");
        }
        PolicySettings policy = new PolicySettings(s, faults);
        return SessionConfig.builder()
                .localDomains(localDomains)
                .relayNetworks(NetworkList.parse(s.getRelayNetworks()))
                .maxMessageSize(s.getMaxMessageSize())
                .maxRecipients(s.getMaxRecipients())
                .maxErrors(s.getMaxErrors())
                .maxTransactions(s.getMaxTransactions())
                .maxCommandLineLength(s.getMaxCommandLineLength())
                .maxTextLineLength(s.getMaxTextLineLength())
                .commandTimeout(Duration.ofSeconds(s.getCommandTimeout()))
                .dataTimeout(Duration.ofSeconds(s.getDataTimeout()))
                .sessionTimeout(Duration.ofSeconds(s.getSessionTimeout()))
                .decisionTimeout(Duration.ofSeconds(s.getDecisionTimeout()))
                .spoolThreshold(s.getSpoolThreshold())
                .maxTlsHandshakes(s.getMaxTlsHandshakes())
                .maxConnections(s.getMaxConnections())
                .maxConnectionsPerClient(s.getMaxConnectionsPerClient())
                .strictPipelining(s.isStrictPipelining())
                .trustedProxies(NetworkList.parse(s.getTrustedProxies() == null ? ""
                        : s.getTrustedProxies()))
                .authMechanisms(mechanisms(s.getAuthMechanisms()))
                .allowPlaintextAuth(s.isAllowPlaintextAuth())
                .requireAuth(s.isRequireAuth())
                .maxAuthFailures(s.getMaxAuthFailures())
                .authFailureDelay(Duration.ofSeconds(s.getAuthFailureDelay()))
                .policy(policy.policy())
                .catalog(policy.catalog());
    }

    /** How many bean calls the listener may have under way at once. */
    int maxConcurrentDecisions() {
        return maxConcurrentDecisions;
    }

    /** The address and port to listen on. */
    InetSocketAddress address() {
        return address;
    }

    /** Where large messages are spooled; created before the listener opens. */
    Path spoolDirectory() {
        return spoolDirectory;
    }

    /** The key the listener serves, or null when it offers no TLS. */
    ServerTls serverTls() {
        return tls.key();
    }

    /** The settings the listener's sessions run with. */
    SessionConfig sessionConfig() {
        return sessionConfig;
    }

    /** Splits a list, of domains for example, at commas and white space. */
    static Set<String> words(String list) {
        return Arrays.stream(list.trim().split("[,\\s]+"))
                .filter(domain -> !domain.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Parses a list of SASL mechanisms, separated by commas or white space; "none" or an
     * empty list is no AUTH.
     *
     * @throws IllegalArgumentException naming a mechanism the engine does not implement
     */
    static Set<String> mechanisms(String list) {
        Set<String> names = words(list.toUpperCase(Locale.ROOT));
        if (names.equals(Set.of(NO_MECHANISMS.toUpperCase(Locale.ROOT)))) {
            return Set.of();
        }
        for (String name : names) {
            if (!MECHANISMS.contains(name)) {
                throw new IllegalArgumentException("authMechanisms: " + name + " is not "
                        + "supported; use PLAIN, LOGIN or both, or none");
            }
        }
        return names;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
