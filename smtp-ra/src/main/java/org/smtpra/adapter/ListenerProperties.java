package org.smtpra.adapter;

import jakarta.resource.spi.ConfigProperty;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of an SMTP listener, declared once for the two places they are given: as
 * adapter-wide defaults on {@link SmtpResourceAdapter}, and per listener on
 * {@link SmtpActivationSpec}, where a property left unset (null) or blank takes the
 * adapter's value.
 *
 * <p>Payara finds these inherited {@code @ConfigProperty} fields for both subclasses, with
 * their names, types, defaults and descriptions, as the Connectors specification asks
 * (section 18.5, "the JavaBean and its superclasses"). The defaults declared here are the
 * adapter's; a spec starts with every property unset.
 *
 * <p>The class is not abstract because Payara reads the default of a field declared without
 * one by creating an instance of the declaring class; it warns for an abstract class.
 */
public class ListenerProperties {

    private static final List<Field> PROPERTIES = Arrays.stream(
            ListenerProperties.class.getDeclaredFields())
            .filter(field -> field.isAnnotationPresent(ConfigProperty.class))
            .toList();

    // ---------------------------------------------------------------- network and names

    @ConfigProperty(description = "The name the server gives itself in the greeting, the "
            + "EHLO reply and the Received field. Empty: the host's canonical name; when that "
            + "cannot be found, the listener answers every client 421 until this is set.")
    private String serverName;

    @ConfigProperty(defaultValue = "127.0.0.1", description = "The local address the "
            + "listeners bind to; 0.0.0.0 or :: for every interface.")
    private String bindAddress;

    @ConfigProperty(description = "The domains mail is received for, separated by commas. "
            + "Mail for other domains is relayed only for clients in relayNetworks. Empty: "
            + "the listener answers every client 421 until this is set.")
    private String localDomains;

    @ConfigProperty(defaultValue = "127.0.0.0/8, ::1/128", description = "The client "
            + "networks, in CIDR notation and separated by commas, that may send mail to "
            + "any domain.")
    private String relayNetworks;

    @ConfigProperty(description = "The load balancers, in CIDR notation and separated by "
            + "commas, that send the PROXY protocol header (v1 or v2) naming the real client. "
            + "When set, the listener takes connections from these only, each starting with "
            + "that header; others get 521. Empty: no PROXY protocol.")
    private String trustedProxies;

    // ---------------------------------------------------------------- limits

    @ConfigProperty(defaultValue = "10485760", description = "The largest message accepted, "
            + "in octets; advertised with the SIZE extension (RFC 1870).")
    private Long maxMessageSize;

    @ConfigProperty(defaultValue = "100", description = "Recipients per message; RFC 5321 "
            + "4.5.3.1.8 requires at least 100.")
    private Integer maxRecipients;

    @ConfigProperty(defaultValue = "20", description = "Negative replies in one session "
            + "before the server closes it.")
    private Integer maxErrors;

    @ConfigProperty(defaultValue = "1000", description = "Mail transactions in one session.")
    private Integer maxTransactions;

    @ConfigProperty(defaultValue = "2048", description = "The longest command line, in "
            + "octets with CRLF; RFC 5321 4.5.3.1.4 requires at least 512.")
    private Integer maxCommandLineLength;

    @ConfigProperty(defaultValue = "1000", description = "The longest line of message text, "
            + "in octets with CRLF; RFC 5321 4.5.3.1.6 requires at least 1000.")
    private Integer maxTextLineLength;

    @ConfigProperty(defaultValue = "300", description = "Seconds the server waits for a "
            + "complete command, counted from when it became ready for it; RFC 5321 "
            + "4.5.3.2.7 asks for at least 5 minutes.")
    private Integer commandTimeout;

    @ConfigProperty(defaultValue = "180", description = "Seconds the server waits for more "
            + "message data before it gives up on the client.")
    private Integer dataTimeout;

    @ConfigProperty(defaultValue = "3600", description = "Seconds a whole session may last, "
            + "whatever the client does.")
    private Integer sessionTimeout;

    @ConfigProperty(defaultValue = "240", description = "Seconds a bean, or the security "
            + "realm, may take to decide before the client gets 451 4.3.0 Timeout; below the "
            + "5 minutes clients wait for most replies (RFC 5321 4.5.3.2).")
    private Integer decisionTimeout;

    // ---------------------------------------------------------------- spool

    @ConfigProperty(description = "Where messages larger than spoolThreshold are kept while "
            + "they are received. Empty: smtp-spool under the server's instance root, or "
            + "under java.io.tmpdir outside a server. A folder that cannot be created or "
            + "written makes the listener answer every client 421.")
    private String spoolDirectory;

    @ConfigProperty(defaultValue = "1048576", description = "Messages up to this many octets "
            + "stay in memory; larger ones are spooled to disk.")
    private Integer spoolThreshold;

    // ---------------------------------------------------------------- TLS

    @ConfigProperty(description = "How listeners offer TLS: none, starttls (RFC 3207) or "
            + "implicit (TLS from the first byte, RFC 8314). Empty: starttls when a key is "
            + "available, else none.")
    private String tlsMode;

    @ConfigProperty(defaultValue = "false", description = "Refuse mail commands before TLS "
            + "with 550 5.7.0. RFC 3207 forbids it on a server that receives mail for its "
            + "domains from the Internet; meant for submission listeners.")
    private Boolean requireTls;

    @ConfigProperty(description = "The key store (PKCS12 or JKS) that holds the TLS key. "
            + "Empty: the server's own, javax.net.ssl.keyStore or "
            + "config/keystore.p12 under the instance root.")
    private String keyStore;

    @ConfigProperty(description = "The password of the key store and of the key. Empty: "
            + "javax.net.ssl.keyStorePassword, the server's master password, else changeit.",
            confidential = true)
    private String keyStorePassword;

    @ConfigProperty(description = "The alias of the key to serve. Empty: s1as, the "
            + "certificate of a Payara domain.")
    private String keyAlias;

    @ConfigProperty(defaultValue = "100", description = "STARTTLS handshakes under way at "
            + "once on a listener; past it STARTTLS gets 454 4.7.0 (RFC 3207 section 4).")
    private Integer maxTlsHandshakes;

    // ---------------------------------------------------------------- load

    @ConfigProperty(defaultValue = "4096", description = "Connections a listener holds at "
            + "once; past it a new client gets 421 4.7.0 'please try later' and is closed at "
            + "once.")
    private Integer maxConnections;

    @ConfigProperty(defaultValue = "50", description = "Connections one client address may "
            + "hold at once on a listener; past it the same 421.")
    private Integer maxConnectionsPerClient;

    @ConfigProperty(defaultValue = "true", description = "Refuse with 503, unrun, the "
            + "commands a client sent before the reply it had to wait for: before the "
            + "greeting, before the EHLO reply, after a command that ends a pipelined group "
            + "(RFC 2920 3.1); message data sent before the 354 gets 421 and closes the "
            + "session.")
    private Boolean strictPipelining;

    @ConfigProperty(defaultValue = "32", description = "Bean calls a listener may have under "
            + "way at once (Payara's default MDB pool is 32); past it the client gets a 4yz "
            + "at once instead of waiting for a busy pool.")
    private Integer maxConcurrentDecisions;

    // ---------------------------------------------------------------- AUTH

    @ConfigProperty(defaultValue = "PLAIN LOGIN", description = "The SASL mechanisms of AUTH "
            + "(RFC 4954), separated by spaces or commas: PLAIN, LOGIN, or none. Credentials "
            + "are checked by the server's default security realm.")
    private String authMechanisms;

    @ConfigProperty(defaultValue = "false", description = "Offer AUTH without TLS, which "
            + "sends passwords in clear; only for development on the loopback interface.")
    private Boolean allowPlaintextAuth;

    @ConfigProperty(defaultValue = "false", description = "Refuse MAIL before a successful "
            + "AUTH with 530 5.7.0; meant for submission listeners (RFC 6409).")
    private Boolean requireAuth;

    @ConfigProperty(defaultValue = "3", description = "Failed AUTH attempts in one session "
            + "before the server answers 554 5.7.0 and closes it.")
    private Integer maxAuthFailures;

    @ConfigProperty(defaultValue = "1", description = "Seconds the server waits before it "
            + "answers a failed AUTH, so that guessing passwords is slow on every connection "
            + "at once; 0 answers at once.")
    private Integer authFailureDelay;

    // ---------------------------------------------------------------- built-in policy

    @ConfigProperty(description = "Client addresses or CIDR networks, separated by commas, "
            + "refused before the greeting with 521 (RFC 7504).")
    private String deniedClients;

    @ConfigProperty(description = "A file with more deniedClients, one a line ('#' starts a "
            + "comment), read again when it changes.")
    private String deniedClientsFile;

    @ConfigProperty(description = "Client addresses or CIDR networks, separated by commas, "
            + "refused before the greeting with 421 ... please try later.")
    private String deferredClients;

    @ConfigProperty(description = "A file with more deferredClients, one a line ('#' starts "
            + "a comment), read again when it changes.")
    private String deferredClientsFile;

    @ConfigProperty(description = "HELO and EHLO names refused with 550 5.7.1 access denied "
            + "to you: a domain, or .domain for its subdomains, separated by commas.")
    private String deniedHeloNames;

    @ConfigProperty(description = "A file with more deniedHeloNames, one a line ('#' starts "
            + "a comment), read again when it changes.")
    private String deniedHeloNamesFile;

    @ConfigProperty(description = "Senders refused at MAIL with 553 5.7.1 (blacklist): "
            + "user@domain, domain, .domain for its subdomains, or <> for the null sender, "
            + "separated by commas.")
    private String deniedSenders;

    @ConfigProperty(description = "A file with more deniedSenders, one a line ('#' starts "
            + "a comment), read again when it changes.")
    private String deniedSendersFile;

    @ConfigProperty(description = "Senders held at MAIL with 453 4.7.1 (audit blacklist, try "
            + "later); entries as for deniedSenders.")
    private String auditedSenders;

    @ConfigProperty(description = "A file with more auditedSenders, one a line ('#' starts "
            + "a comment), read again when it changes.")
    private String auditedSendersFile;

    @ConfigProperty(description = "Recipients refused at RCPT with 554 5.7.1 (blacklist); "
            + "entries as for deniedSenders.")
    private String deniedRecipients;

    @ConfigProperty(description = "A file with more deniedRecipients, one a line ('#' starts "
            + "a comment), read again when it changes.")
    private String deniedRecipientsFile;

    @ConfigProperty(description = "When set, clients in relayNetworks relay only for these "
            + "senders, and these senders relay from nowhere else; entries as for "
            + "deniedSenders.")
    private String relaySenders;

    @ConfigProperty(description = "A file with more relaySenders, one a line ('#' starts a "
            + "comment), read again when it changes.")
    private String relaySendersFile;

    @ConfigProperty(defaultValue = "false", description = "Refuse HELO and EHLO names that "
            + "are neither a fully qualified domain nor an address literal with 554 5.5.2.")
    private Boolean strictHelo;

    @ConfigProperty(defaultValue = "true", description = "Let clients that authenticated "
            + "relay to any domain.")
    private Boolean authenticatedRelay;

    @ConfigProperty(defaultValue = "false", description = "Refuse a sender of a local domain "
            + "from a client that did not authenticate and is outside relayNetworks with 553 "
            + "5.7.1 (use the submission server); for a public MX.")
    private Boolean localSendersMustAuthenticate;

    @ConfigProperty(defaultValue = "false", description = "Refuse messages whose header or "
            + "MIME structure is malformed (RFC 5322, RFC 2045, RFC 2046) with 451 4.6.0.")
    private Boolean strictMime;

    @ConfigProperty(defaultValue = "100", description = "Received fields a message may carry "
            + "before it is refused as a loop with 554 5.4.6; RFC 5321 6.3 asks for a large "
            + "threshold.")
    private Integer maxHops;

    // ---------------------------------------------------------------- reply texts

    @ConfigProperty(description = "Reply texts that replace the catalog's, as entries "
            + "'id code text' separated by |, for example '2175016 550 Unknown user "
            + "<email_addr>'; a code may only change within its class.")
    private String replyTexts;

    @ConfigProperty(description = "A file of reply texts that replace the catalog's, in the "
            + "catalog's own format: one entry 'id code text' a line, '#' for comments. "
            + "replyTexts win over it.")
    private String replyTextsFile;

    /**
     * Every property unset. Public because Payara creates an instance to read the defaults
     * of fields declared without one.
     */
    public ListenerProperties() {
    }

    /**
     * A listener's settings: each property of {@code override} that is set (not null, not
     * blank) wins over the one of {@code defaults}. Text properties set in neither are
     * empty.
     *
     * @throws IllegalArgumentException naming a property other than text that has a value
     *         in neither, which only an administrator who cleared an adapter-wide default
     *         can cause
     */
    static ListenerProperties merged(ListenerProperties override, ListenerProperties defaults) {
        ListenerProperties merged = new ListenerProperties();
        for (Field field : PROPERTIES) {
            Object value = valueOf(field, override);
            if (value == null) {
                value = valueOf(field, defaults);
            }
            if (value == null && field.getType() != String.class) {
                throw new IllegalArgumentException(field.getName() + " has no value in the "
                        + "resource adapter nor in the activation spec");
            }
            write(field, merged, value == null ? "" : value);
        }
        return merged;
    }

    /** Sets every property to the default its annotation declares; the rest stay unset. */
    final void useDeclaredDefaults() {
        for (Field field : PROPERTIES) {
            String declared = field.getAnnotation(ConfigProperty.class).defaultValue();
            write(field, this, declared.isEmpty() ? null : parse(field.getType(), declared));
        }
    }

    /** The value, or null when it is unset or blank. */
    private static Object valueOf(Field field, ListenerProperties properties) {
        try {
            Object value = field.get(properties);
            return value instanceof String text && text.isBlank() ? null : value;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("a property of this class is not readable", e);
        }
    }

    private static void write(Field field, ListenerProperties properties, Object value) {
        try {
            field.set(properties, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("a property of this class is not writable", e);
        }
    }

    private static Object parse(Class<?> type, String text) {
        if (type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == Long.class) {
            return Long.valueOf(text);
        }
        return type == Boolean.class ? Boolean.valueOf(text) : text;
    }

    /** @return the server name; empty for the host's canonical name */
    public String getServerName() {
        return serverName;
    }

    /** @param serverName the server name; empty for the host's canonical name */
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

    /** @return the load balancers that send the PROXY protocol header; empty for none */
    public String getTrustedProxies() {
        return trustedProxies;
    }

    /** @param trustedProxies the load balancers that send the PROXY protocol header */
    public void setTrustedProxies(String trustedProxies) {
        this.trustedProxies = trustedProxies;
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

    /** @return the seconds allowed for a command */
    public Integer getCommandTimeout() {
        return commandTimeout;
    }

    /** @param commandTimeout the seconds allowed for a command */
    public void setCommandTimeout(Integer commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    /** @return the seconds allowed between packets of message data */
    public Integer getDataTimeout() {
        return dataTimeout;
    }

    /** @param dataTimeout the seconds allowed between packets of message data */
    public void setDataTimeout(Integer dataTimeout) {
        this.dataTimeout = dataTimeout;
    }

    /** @return the seconds a session may last */
    public Integer getSessionTimeout() {
        return sessionTimeout;
    }

    /** @param sessionTimeout the seconds a session may last */
    public void setSessionTimeout(Integer sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    /** @return the seconds a bean or the realm may take to decide */
    public Integer getDecisionTimeout() {
        return decisionTimeout;
    }

    /** @param decisionTimeout the seconds a bean or the realm may take to decide */
    public void setDecisionTimeout(Integer decisionTimeout) {
        this.decisionTimeout = decisionTimeout;
    }

    /** @return the spool directory; empty for the default */
    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    /** @param spoolDirectory the spool directory; empty for the default */
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

    /** @return the key store's password; empty for the server's */
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

    /** @return the STARTTLS handshakes allowed at once */
    public Integer getMaxTlsHandshakes() {
        return maxTlsHandshakes;
    }

    /** @param maxTlsHandshakes the STARTTLS handshakes allowed at once */
    public void setMaxTlsHandshakes(Integer maxTlsHandshakes) {
        this.maxTlsHandshakes = maxTlsHandshakes;
    }

    /** @return the connections a listener holds at once */
    public Integer getMaxConnections() {
        return maxConnections;
    }

    /** @param maxConnections the connections a listener holds at once */
    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** @return the connections one client address may hold at once */
    public Integer getMaxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    /** @param maxConnectionsPerClient the connections one client address may hold at once */
    public void setMaxConnectionsPerClient(Integer maxConnectionsPerClient) {
        this.maxConnectionsPerClient = maxConnectionsPerClient;
    }

    /** @return whether commands sent too early are refused */
    public Boolean isStrictPipelining() {
        return strictPipelining;
    }

    /** @param strictPipelining whether commands sent too early are refused */
    public void setStrictPipelining(Boolean strictPipelining) {
        this.strictPipelining = strictPipelining;
    }

    /** @return the bean calls a listener may have under way at once */
    public Integer getMaxConcurrentDecisions() {
        return maxConcurrentDecisions;
    }

    /** @param maxConcurrentDecisions the bean calls a listener may have under way at once */
    public void setMaxConcurrentDecisions(Integer maxConcurrentDecisions) {
        this.maxConcurrentDecisions = maxConcurrentDecisions;
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

    /** @return the seconds before a failed AUTH is answered */
    public Integer getAuthFailureDelay() {
        return authFailureDelay;
    }

    /** @param authFailureDelay the seconds before a failed AUTH is answered */
    public void setAuthFailureDelay(Integer authFailureDelay) {
        this.authFailureDelay = authFailureDelay;
    }

    /** @return the clients refused with 521 */
    public String getDeniedClients() {
        return deniedClients;
    }

    /** @param deniedClients the clients refused with 521 */
    public void setDeniedClients(String deniedClients) {
        this.deniedClients = deniedClients;
    }

    /** @return the file of more clients refused with 521 */
    public String getDeniedClientsFile() {
        return deniedClientsFile;
    }

    /** @param deniedClientsFile the file of more clients refused with 521 */
    public void setDeniedClientsFile(String deniedClientsFile) {
        this.deniedClientsFile = deniedClientsFile;
    }

    /** @return the clients refused with 421 */
    public String getDeferredClients() {
        return deferredClients;
    }

    /** @param deferredClients the clients refused with 421 */
    public void setDeferredClients(String deferredClients) {
        this.deferredClients = deferredClients;
    }

    /** @return the file of more clients refused with 421 */
    public String getDeferredClientsFile() {
        return deferredClientsFile;
    }

    /** @param deferredClientsFile the file of more clients refused with 421 */
    public void setDeferredClientsFile(String deferredClientsFile) {
        this.deferredClientsFile = deferredClientsFile;
    }

    /** @return the HELO names refused with 550 */
    public String getDeniedHeloNames() {
        return deniedHeloNames;
    }

    /** @param deniedHeloNames the HELO names refused with 550 */
    public void setDeniedHeloNames(String deniedHeloNames) {
        this.deniedHeloNames = deniedHeloNames;
    }

    /** @return the file of more HELO names refused with 550 */
    public String getDeniedHeloNamesFile() {
        return deniedHeloNamesFile;
    }

    /** @param deniedHeloNamesFile the file of more HELO names refused with 550 */
    public void setDeniedHeloNamesFile(String deniedHeloNamesFile) {
        this.deniedHeloNamesFile = deniedHeloNamesFile;
    }

    /** @return the senders refused with 553 */
    public String getDeniedSenders() {
        return deniedSenders;
    }

    /** @param deniedSenders the senders refused with 553 */
    public void setDeniedSenders(String deniedSenders) {
        this.deniedSenders = deniedSenders;
    }

    /** @return the file of more senders refused with 553 */
    public String getDeniedSendersFile() {
        return deniedSendersFile;
    }

    /** @param deniedSendersFile the file of more senders refused with 553 */
    public void setDeniedSendersFile(String deniedSendersFile) {
        this.deniedSendersFile = deniedSendersFile;
    }

    /** @return the senders held with 453 */
    public String getAuditedSenders() {
        return auditedSenders;
    }

    /** @param auditedSenders the senders held with 453 */
    public void setAuditedSenders(String auditedSenders) {
        this.auditedSenders = auditedSenders;
    }

    /** @return the file of more senders held with 453 */
    public String getAuditedSendersFile() {
        return auditedSendersFile;
    }

    /** @param auditedSendersFile the file of more senders held with 453 */
    public void setAuditedSendersFile(String auditedSendersFile) {
        this.auditedSendersFile = auditedSendersFile;
    }

    /** @return the recipients refused with 554 */
    public String getDeniedRecipients() {
        return deniedRecipients;
    }

    /** @param deniedRecipients the recipients refused with 554 */
    public void setDeniedRecipients(String deniedRecipients) {
        this.deniedRecipients = deniedRecipients;
    }

    /** @return the file of more recipients refused with 554 */
    public String getDeniedRecipientsFile() {
        return deniedRecipientsFile;
    }

    /** @param deniedRecipientsFile the file of more recipients refused with 554 */
    public void setDeniedRecipientsFile(String deniedRecipientsFile) {
        this.deniedRecipientsFile = deniedRecipientsFile;
    }

    /** @return the only senders that may relay, when set */
    public String getRelaySenders() {
        return relaySenders;
    }

    /** @param relaySenders the only senders that may relay, when set */
    public void setRelaySenders(String relaySenders) {
        this.relaySenders = relaySenders;
    }

    /** @return the file of more senders that may relay */
    public String getRelaySendersFile() {
        return relaySendersFile;
    }

    /** @param relaySendersFile the file of more senders that may relay */
    public void setRelaySendersFile(String relaySendersFile) {
        this.relaySendersFile = relaySendersFile;
    }

    /** @return whether HELO names must be fully qualified */
    public Boolean isStrictHelo() {
        return strictHelo;
    }

    /** @param strictHelo whether HELO names must be fully qualified */
    public void setStrictHelo(Boolean strictHelo) {
        this.strictHelo = strictHelo;
    }

    /** @return whether authenticated clients may relay */
    public Boolean isAuthenticatedRelay() {
        return authenticatedRelay;
    }

    /** @param authenticatedRelay whether authenticated clients may relay */
    public void setAuthenticatedRelay(Boolean authenticatedRelay) {
        this.authenticatedRelay = authenticatedRelay;
    }

    /** @return whether local senders from outside must authenticate */
    public Boolean isLocalSendersMustAuthenticate() {
        return localSendersMustAuthenticate;
    }

    /** @param localSendersMustAuthenticate whether local senders from outside must authenticate */
    public void setLocalSendersMustAuthenticate(Boolean localSendersMustAuthenticate) {
        this.localSendersMustAuthenticate = localSendersMustAuthenticate;
    }

    /** @return whether messages must be well-formed MIME */
    public Boolean isStrictMime() {
        return strictMime;
    }

    /** @param strictMime whether messages must be well-formed MIME */
    public void setStrictMime(Boolean strictMime) {
        this.strictMime = strictMime;
    }

    /** @return the Received fields allowed before a message is a loop */
    public Integer getMaxHops() {
        return maxHops;
    }

    /** @param maxHops the Received fields allowed before a message is a loop */
    public void setMaxHops(Integer maxHops) {
        this.maxHops = maxHops;
    }

    /** @return the reply texts that replace the catalog's */
    public String getReplyTexts() {
        return replyTexts;
    }

    /** @param replyTexts the reply texts that replace the catalog's */
    public void setReplyTexts(String replyTexts) {
        this.replyTexts = replyTexts;
    }

    /** @return the file of reply texts that replace the catalog's */
    public String getReplyTextsFile() {
        return replyTextsFile;
    }

    /** @param replyTextsFile the file of reply texts that replace the catalog's */
    public void setReplyTextsFile(String replyTextsFile) {
        this.replyTextsFile = replyTextsFile;
    }
}
