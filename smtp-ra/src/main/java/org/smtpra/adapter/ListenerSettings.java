package org.smtpra.adapter;

import jakarta.resource.spi.InvalidPropertyException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;

/**
 * The settings of one listener: each property of the bean's activation spec that is set
 * (not null, not blank) wins over the adapter-wide default of the same name.
 */
final class ListenerSettings {

    private final InetSocketAddress address;
    private final Path spoolDirectory;
    private final SessionConfig sessionConfig;

    private ListenerSettings(InetSocketAddress address, Path spoolDirectory,
            SessionConfig sessionConfig) {
        this.address = address;
        this.spoolDirectory = spoolDirectory;
        this.sessionConfig = sessionConfig;
    }

    /**
     * Lays the spec over the adapter's defaults.
     *
     * @throws InvalidPropertyException naming the first setting that is not valid
     */
    static ListenerSettings of(SmtpResourceAdapter adapter, SmtpActivationSpec spec)
            throws InvalidPropertyException {
        String host = or(spec.getBindAddress(), adapter.getBindAddress()).trim();
        InetSocketAddress address = new InetSocketAddress(host, spec.getPort());
        if (address.isUnresolved()) {
            throw new InvalidPropertyException("bindAddress " + host + " cannot be resolved");
        }
        Path spool = isBlank(spec.getSpoolDirectory())
                ? adapter.resolvedSpoolDirectory() : Path.of(spec.getSpoolDirectory().trim());
        try {
            return new ListenerSettings(address, spool, sessionConfig(adapter, spec, spool));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
    }

    private static SessionConfig sessionConfig(SmtpResourceAdapter adapter,
            SmtpActivationSpec spec, Path spool) {
        return SessionConfig.builder()
                .serverName(or(spec.getServerName(), adapter.resolvedServerName()).trim())
                .localDomains(domains(or(spec.getLocalDomains(), adapter.getLocalDomains())))
                .relayNetworks(NetworkList.parse(
                        or(spec.getRelayNetworks(), adapter.getRelayNetworks())))
                .maxMessageSize(limit("maxMessageSize", spec.getMaxMessageSize(),
                        adapter.getMaxMessageSize()))
                .maxRecipients(limit("maxRecipients", spec.getMaxRecipients(),
                        adapter.getMaxRecipients()))
                .maxErrors(limit("maxErrors", spec.getMaxErrors(), adapter.getMaxErrors()))
                .maxTransactions(limit("maxTransactions", spec.getMaxTransactions(),
                        adapter.getMaxTransactions()))
                .maxCommandLineLength(limit("maxCommandLineLength",
                        spec.getMaxCommandLineLength(), adapter.getMaxCommandLineLength()))
                .maxTextLineLength(limit("maxTextLineLength", spec.getMaxTextLineLength(),
                        adapter.getMaxTextLineLength()))
                .spoolDirectory(spool)
                .spoolThreshold(limit("spoolThreshold", spec.getSpoolThreshold(),
                        adapter.getSpoolThreshold()))
                .build();
    }

    /** The address and port to listen on. */
    InetSocketAddress address() {
        return address;
    }

    /** Where large messages are spooled; created before the listener opens. */
    Path spoolDirectory() {
        return spoolDirectory;
    }

    /** The settings the listener's sessions run with. */
    SessionConfig sessionConfig() {
        return sessionConfig;
    }

    /** Splits a list of domains at commas and white space. */
    static Set<String> domains(String list) {
        return Arrays.stream(list.trim().split("[,\\s]+"))
                .filter(domain -> !domain.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String or(String override, String fallback) {
        return isBlank(override) ? (fallback == null ? "" : fallback) : override;
    }

    private static <T extends Number> T limit(String name, T override, T fallback) {
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
