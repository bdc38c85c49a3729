package org.smtpra.adapter;

import jakarta.resource.spi.InvalidPropertyException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.TlsMode;
import org.smtpra.transport.ServerTls;

/**
 * The settings of one listener: each property of the bean's activation spec that is set
 * (not null, not blank) wins over the adapter-wide default of the same name.
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

    private ListenerSettings(InetSocketAddress address, Path spoolDirectory, ListenerTls tls,
            SessionConfig sessionConfig) {
        this.address = address;
        this.spoolDirectory = spoolDirectory;
        this.tls = tls;
        this.sessionConfig = sessionConfig;
    }

    /**
     * Lays the spec over the adapter's defaults, and loads the TLS key.
     *
     * @param name the listener's name, for logs
     * @throws InvalidPropertyException naming the first setting that is not valid
     */
    static ListenerSettings of(String name, SmtpResourceAdapter adapter,
            SmtpActivationSpec spec) throws InvalidPropertyException {
        String host = or(spec.getBindAddress(), adapter.getBindAddress()).trim();
        InetSocketAddress address = new InetSocketAddress(host, spec.getPort());
        if (address.isUnresolved()) {
            throw new InvalidPropertyException("bindAddress " + host + " cannot be resolved");
        }
        Path spool = isBlank(spec.getSpoolDirectory())
                ? adapter.resolvedSpoolDirectory() : Path.of(spec.getSpoolDirectory().trim());
        try {
            boolean requireTls = setting("requireTls", spec.isRequireTls(),
                    adapter.isRequireTls());
            ListenerTls tls = ListenerTls.choose(name,
                    or(spec.getTlsMode(), adapter.getTlsMode()), requireTls, keys(adapter, spec));
            checkTlsPossible(requireTls, tls.mode());
            SessionConfig config = sessionConfig(adapter, spec, spool)
                    .tlsMode(tls.mode())
                    .requireTls(requireTls)
                    .build();
            checkAuthPossible(config);
            return new ListenerSettings(address, spool, tls, config);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
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

    private static KeySettings keys(SmtpResourceAdapter adapter, SmtpActivationSpec spec) {
        return new KeySettings(or(spec.getKeyStore(), adapter.getKeyStore()),
                or(spec.getKeyStorePassword(), adapter.getKeyStorePassword()),
                or(spec.getKeyAlias(), adapter.getKeyAlias()));
    }

    /** Everything but TLS, which depends on the key. */
    private static SessionConfig.Builder sessionConfig(SmtpResourceAdapter adapter,
            SmtpActivationSpec spec, Path spool) {
        return SessionConfig.builder()
                .serverName(or(spec.getServerName(), adapter.resolvedServerName()).trim())
                .localDomains(words(or(spec.getLocalDomains(), adapter.getLocalDomains())))
                .relayNetworks(NetworkList.parse(
                        or(spec.getRelayNetworks(), adapter.getRelayNetworks())))
                .maxMessageSize(setting("maxMessageSize", spec.getMaxMessageSize(),
                        adapter.getMaxMessageSize()))
                .maxRecipients(setting("maxRecipients", spec.getMaxRecipients(),
                        adapter.getMaxRecipients()))
                .maxErrors(setting("maxErrors", spec.getMaxErrors(), adapter.getMaxErrors()))
                .maxTransactions(setting("maxTransactions", spec.getMaxTransactions(),
                        adapter.getMaxTransactions()))
                .maxCommandLineLength(setting("maxCommandLineLength",
                        spec.getMaxCommandLineLength(), adapter.getMaxCommandLineLength()))
                .maxTextLineLength(setting("maxTextLineLength", spec.getMaxTextLineLength(),
                        adapter.getMaxTextLineLength()))
                .spoolDirectory(spool)
                .spoolThreshold(setting("spoolThreshold", spec.getSpoolThreshold(),
                        adapter.getSpoolThreshold()))
                .authMechanisms(mechanisms(
                        or(spec.getAuthMechanisms(), adapter.getAuthMechanisms())))
                .allowPlaintextAuth(setting("allowPlaintextAuth", spec.isAllowPlaintextAuth(),
                        adapter.isAllowPlaintextAuth()))
                .requireAuth(setting("requireAuth", spec.isRequireAuth(),
                        adapter.isRequireAuth()))
                .maxAuthFailures(setting("maxAuthFailures", spec.getMaxAuthFailures(),
                        adapter.getMaxAuthFailures()));
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

    private static String or(String override, String fallback) {
        return isBlank(override) ? (fallback == null ? "" : fallback) : override;
    }

    private static <T> T setting(String name, T override, T fallback) {
        if (override != null) {
            return override;
        }
        if (fallback == null) {
            // An administrator can clear an adapter-wide default in the console.
            throw new IllegalArgumentException(name + " has no value in the resource adapter "
                    + "nor in the activation spec");
        }
        return fallback;
    }
}
