package org.smtpra.adapter;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.smtpra.api.SmtpListener;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;

/**
 * The settings of one message-driven bean's SMTP listener, given as activation config
 * properties: the port, and optional overrides of the adapter-wide defaults of
 * {@link SmtpResourceAdapter}. A property left unset (null) or blank takes the adapter's
 * value. The I/O threads are shared by every listener, so {@code ioThreads} exists only on
 * the adapter.
 */
@Activation(messageListeners = SmtpListener.class)
public class SmtpActivationSpec implements ActivationSpec {

    @ConfigProperty(defaultValue = "2525", description = "The TCP port to listen on.")
    private Integer port = 2525;

    @ConfigProperty(description = "Overrides the adapter's serverName.")
    private String serverName;

    @ConfigProperty(description = "Overrides the adapter's bindAddress.")
    private String bindAddress;

    @ConfigProperty(description = "Overrides the adapter's localDomains: the domains this "
            + "listener receives mail for, separated by commas.")
    private String localDomains;

    @ConfigProperty(description = "Overrides the adapter's relayNetworks.")
    private String relayNetworks;

    @ConfigProperty(description = "Overrides the adapter's maxMessageSize.")
    private Long maxMessageSize;

    @ConfigProperty(description = "Overrides the adapter's maxRecipients.")
    private Integer maxRecipients;

    @ConfigProperty(description = "Overrides the adapter's maxErrors.")
    private Integer maxErrors;

    @ConfigProperty(description = "Overrides the adapter's maxTransactions.")
    private Integer maxTransactions;

    @ConfigProperty(description = "Overrides the adapter's maxCommandLineLength.")
    private Integer maxCommandLineLength;

    @ConfigProperty(description = "Overrides the adapter's maxTextLineLength.")
    private Integer maxTextLineLength;

    @ConfigProperty(description = "Overrides the adapter's spoolDirectory.")
    private String spoolDirectory;

    @ConfigProperty(description = "Overrides the adapter's spoolThreshold.")
    private Integer spoolThreshold;

    private ResourceAdapter resourceAdapter;

    /**
     * Checks every property that is set and reports all problems at once, so that a
     * deployment fails with one message that lists what to fix.
     */
    @Override
    public void validate() throws InvalidPropertyException {
        List<String> problems = new ArrayList<>();
        if (port == null || port < 1 || port > 65535) {
            problems.add("port must be between 1 and 65535, was " + port);
        }
        check(problems, relayNetworks, NetworkList::parse);
        checkLimits(problems);
        if (!problems.isEmpty()) {
            throw new InvalidPropertyException("invalid SMTP activation properties: "
                    + String.join("; ", problems));
        }
    }

    /** The lead's builder knows each limit's minimum; ask it rather than repeat them. */
    private void checkLimits(List<String> problems) {
        SessionConfig.Builder builder = SessionConfig.builder();
        check(problems, maxMessageSize, builder::maxMessageSize);
        check(problems, maxRecipients, builder::maxRecipients);
        check(problems, maxErrors, builder::maxErrors);
        check(problems, maxTransactions, builder::maxTransactions);
        check(problems, maxCommandLineLength, builder::maxCommandLineLength);
        check(problems, maxTextLineLength, builder::maxTextLineLength);
        check(problems, spoolThreshold, builder::spoolThreshold);
    }

    private static <T> void check(List<String> problems, T value, Consumer<T> validator) {
        if (value == null) {
            return;
        }
        try {
            validator.accept(value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        this.resourceAdapter = adapter;
    }

    /** @return the TCP port to listen on */
    public Integer getPort() {
        return port;
    }

    /** @param port the TCP port to listen on */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** @return the server name, or null for the adapter's */
    public String getServerName() {
        return serverName;
    }

    /** @param serverName the server name, or null for the adapter's */
    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    /** @return the bind address, or null for the adapter's */
    public String getBindAddress() {
        return bindAddress;
    }

    /** @param bindAddress the bind address, or null for the adapter's */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** @return the local domains separated by commas, or null for the adapter's */
    public String getLocalDomains() {
        return localDomains;
    }

    /** @param localDomains the local domains separated by commas, or null for the adapter's */
    public void setLocalDomains(String localDomains) {
        this.localDomains = localDomains;
    }

    /** @return the relay networks, or null for the adapter's */
    public String getRelayNetworks() {
        return relayNetworks;
    }

    /** @param relayNetworks the relay networks, or null for the adapter's */
    public void setRelayNetworks(String relayNetworks) {
        this.relayNetworks = relayNetworks;
    }

    /** @return the largest message in octets, or null for the adapter's */
    public Long getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize the largest message in octets, or null for the adapter's */
    public void setMaxMessageSize(Long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** @return the recipients per message, or null for the adapter's */
    public Integer getMaxRecipients() {
        return maxRecipients;
    }

    /** @param maxRecipients the recipients per message, or null for the adapter's */
    public void setMaxRecipients(Integer maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    /** @return the negative replies per session, or null for the adapter's */
    public Integer getMaxErrors() {
        return maxErrors;
    }

    /** @param maxErrors the negative replies per session, or null for the adapter's */
    public void setMaxErrors(Integer maxErrors) {
        this.maxErrors = maxErrors;
    }

    /** @return the transactions per session, or null for the adapter's */
    public Integer getMaxTransactions() {
        return maxTransactions;
    }

    /** @param maxTransactions the transactions per session, or null for the adapter's */
    public void setMaxTransactions(Integer maxTransactions) {
        this.maxTransactions = maxTransactions;
    }

    /** @return the longest command line, or null for the adapter's */
    public Integer getMaxCommandLineLength() {
        return maxCommandLineLength;
    }

    /** @param maxCommandLineLength the longest command line, or null for the adapter's */
    public void setMaxCommandLineLength(Integer maxCommandLineLength) {
        this.maxCommandLineLength = maxCommandLineLength;
    }

    /** @return the longest text line, or null for the adapter's */
    public Integer getMaxTextLineLength() {
        return maxTextLineLength;
    }

    /** @param maxTextLineLength the longest text line, or null for the adapter's */
    public void setMaxTextLineLength(Integer maxTextLineLength) {
        this.maxTextLineLength = maxTextLineLength;
    }

    /** @return the spool directory, or null for the adapter's */
    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    /** @param spoolDirectory the spool directory, or null for the adapter's */
    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    /** @return the in-memory size limit in octets, or null for the adapter's */
    public Integer getSpoolThreshold() {
        return spoolThreshold;
    }

    /** @param spoolThreshold the in-memory size limit in octets, or null for the adapter's */
    public void setSpoolThreshold(Integer spoolThreshold) {
        this.spoolThreshold = spoolThreshold;
    }

    @Override
    public String toString() {
        return "SmtpActivationSpec[port=" + port + ", localDomains=" + localDomains + "]";
    }
}
