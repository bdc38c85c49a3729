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

    @ConfigProperty(description = "Overrides the adapter's tlsMode: none, starttls or "
            + "implicit.")
    private String tlsMode;

    // Boolean properties have is-getters: Payara reads their defaults through them.
    @ConfigProperty(description = "Overrides the adapter's requireTls.")
    private Boolean requireTls;

    @ConfigProperty(description = "Overrides the adapter's keyStore.")
    private String keyStore;

    @ConfigProperty(description = "Overrides the adapter's keyStorePassword.",
            confidential = true)
    private String keyStorePassword;

    @ConfigProperty(description = "Overrides the adapter's keyAlias.")
    private String keyAlias;

    @ConfigProperty(description = "Overrides the adapter's authMechanisms; none turns AUTH "
            + "off.")
    private String authMechanisms;

    @ConfigProperty(description = "Overrides the adapter's allowPlaintextAuth.")
    private Boolean allowPlaintextAuth;

    @ConfigProperty(description = "Overrides the adapter's requireAuth.")
    private Boolean requireAuth;

    @ConfigProperty(description = "Overrides the adapter's maxAuthFailures.")
    private Integer maxAuthFailures;

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
        check(problems, authMechanisms, ListenerSettings::mechanisms);
        checkTlsMode(problems);
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
        check(problems, maxAuthFailures, builder::maxAuthFailures);
    }

    private void checkTlsMode(List<String> problems) {
        try {
            ListenerTls.parseMode(tlsMode);
        } catch (InvalidPropertyException e) {
            problems.add(e.getMessage());
        }
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

    /** @return none, starttls or implicit, or null for the adapter's */
    public String getTlsMode() {
        return tlsMode;
    }

    /** @param tlsMode none, starttls or implicit, or null for the adapter's */
    public void setTlsMode(String tlsMode) {
        this.tlsMode = tlsMode;
    }

    /** @return whether mail needs TLS first, or null for the adapter's */
    public Boolean isRequireTls() {
        return requireTls;
    }

    /** @param requireTls whether mail needs TLS first, or null for the adapter's */
    public void setRequireTls(Boolean requireTls) {
        this.requireTls = requireTls;
    }

    /** @return the key store file, or null for the adapter's */
    public String getKeyStore() {
        return keyStore;
    }

    /** @param keyStore the key store file, or null for the adapter's */
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    /** @return the key store's password, or null for the adapter's */
    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    /** @param keyStorePassword the key store's password, or null for the adapter's */
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    /** @return the alias of the key to serve, or null for the adapter's */
    public String getKeyAlias() {
        return keyAlias;
    }

    /** @param keyAlias the alias of the key to serve, or null for the adapter's */
    public void setKeyAlias(String keyAlias) {
        this.keyAlias = keyAlias;
    }

    /** @return the SASL mechanisms, or null for the adapter's */
    public String getAuthMechanisms() {
        return authMechanisms;
    }

    /** @param authMechanisms the SASL mechanisms, none, or null for the adapter's */
    public void setAuthMechanisms(String authMechanisms) {
        this.authMechanisms = authMechanisms;
    }

    /** @return whether AUTH is allowed without TLS, or null for the adapter's */
    public Boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    /** @param allowPlaintextAuth whether AUTH is allowed without TLS, or null for the adapter's */
    public void setAllowPlaintextAuth(Boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    /** @return whether mail needs AUTH first, or null for the adapter's */
    public Boolean isRequireAuth() {
        return requireAuth;
    }

    /** @param requireAuth whether mail needs AUTH first, or null for the adapter's */
    public void setRequireAuth(Boolean requireAuth) {
        this.requireAuth = requireAuth;
    }

    /** @return the failed AUTH attempts per session, or null for the adapter's */
    public Integer getMaxAuthFailures() {
        return maxAuthFailures;
    }

    /** @param maxAuthFailures the failed AUTH attempts per session, or null for the adapter's */
    public void setMaxAuthFailures(Integer maxAuthFailures) {
        this.maxAuthFailures = maxAuthFailures;
    }

    /** Names the listener; never shows the key store's password. */
    @Override
    public String toString() {
        return "SmtpActivationSpec[port=" + port + ", localDomains=" + localDomains + "]";
    }
}
