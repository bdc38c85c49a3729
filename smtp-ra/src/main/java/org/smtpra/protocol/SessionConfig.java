package org.smtpra.protocol;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.smtpra.api.Reply;
import org.smtpra.catalog.ReplyCatalog;
import org.smtpra.policy.Policy;
import org.smtpra.catalog.ReplyFormatter;

/**
 * The settings one listener's sessions run with: the server's name, the local domains and
 * relay networks, the limits, and where large messages are spooled. Immutable; built with
 * {@link #builder()}, whose defaults are the ones documented in the README.
 */
public final class SessionConfig {

    /** The SASL mechanisms the engine implements: PLAIN (RFC 4616) and LOGIN. */
    public static final Set<String> SUPPORTED_MECHANISMS = SaslExchange.MECHANISMS;

    private final String listenerName;
    private final String serverName;
    private final Set<String> localDomains;
    private final NetworkList relayNetworks;
    private final long maxMessageSize;
    private final int maxRecipients;
    private final int maxErrors;
    private final int maxTransactions;
    private final int maxCommandLineLength;
    private final int maxTextLineLength;
    private final Path spoolDirectory;
    private final int spoolThreshold;
    private final Duration commandTimeout;
    private final Duration dataTimeout;
    private final Duration sessionTimeout;
    private final Duration decisionTimeout;
    private final TlsMode tlsMode;
    private final boolean requireTls;
    private final Set<String> authMechanisms;
    private final boolean allowPlaintextAuth;
    private final boolean requireAuth;
    private final int maxAuthFailures;
    private final Duration authFailureDelay;
    private final int maxTlsHandshakes;
    private final int maxConnections;
    private final int maxConnectionsPerClient;
    private final boolean strictPipelining;
    private final NetworkList trustedProxies;
    private final SessionEvents events;
    private final Policy policy;
    private final Reply unavailable;
    private final ReplyCatalog catalog;
    private final ReplyFormatter replies;

    private SessionConfig(Builder b) {
        listenerName = b.listenerName;
        serverName = b.serverName;
        localDomains = b.localDomains;
        relayNetworks = b.relayNetworks;
        maxMessageSize = b.maxMessageSize;
        maxRecipients = b.maxRecipients;
        maxErrors = b.maxErrors;
        maxTransactions = b.maxTransactions;
        maxCommandLineLength = b.maxCommandLineLength;
        maxTextLineLength = b.maxTextLineLength;
        spoolDirectory = b.spoolDirectory;
        spoolThreshold = b.spoolThreshold;
        commandTimeout = b.commandTimeout;
        dataTimeout = b.dataTimeout;
        sessionTimeout = b.sessionTimeout;
        decisionTimeout = b.decisionTimeout;
        tlsMode = b.tlsMode;
        requireTls = b.requireTls;
        authMechanisms = b.authMechanisms;
        allowPlaintextAuth = b.allowPlaintextAuth;
        requireAuth = b.requireAuth;
        maxAuthFailures = b.maxAuthFailures;
        authFailureDelay = b.authFailureDelay;
        maxTlsHandshakes = b.maxTlsHandshakes;
        maxConnections = b.maxConnections;
        maxConnectionsPerClient = b.maxConnectionsPerClient;
        strictPipelining = b.strictPipelining;
        trustedProxies = b.trustedProxies;
        events = b.events;
        policy = b.policy;
        unavailable = b.unavailable;
        catalog = b.catalog;
        replies = catalog.formatter(serverName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The listener's name, as in the log line of each session that opens. */
    public String listenerName() {
        return listenerName;
    }

    /** The name the server gives itself in greetings and trace fields ({@code <domain>}). */
    public String serverName() {
        return serverName;
    }

    /** The domains this server receives mail for, in lower case. */
    public Set<String> localDomains() {
        return localDomains;
    }

    /** The client networks that may relay to any domain. */
    public NetworkList relayNetworks() {
        return relayNetworks;
    }

    /** The largest message accepted, in octets (RFC 1870); advertised with SIZE. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Recipients per transaction; RFC 5321 4.5.3.1.8 requires at least 100. */
    public int maxRecipients() {
        return maxRecipients;
    }

    /** Negative replies per session before "421 Too much failure" closes it. */
    public int maxErrors() {
        return maxErrors;
    }

    /** Mail transactions per session. */
    public int maxTransactions() {
        return maxTransactions;
    }

    /** Longest command line with its CRLF; RFC 5321 4.5.3.1.4 requires at least 512. */
    public int maxCommandLineLength() {
        return maxCommandLineLength;
    }

    /** Longest text line of DATA with its CRLF; RFC 5321 4.5.3.1.6 sets 1000. */
    public int maxTextLineLength() {
        return maxTextLineLength;
    }

    /** Where messages larger than {@link #spoolThreshold()} are written while received. */
    public Path spoolDirectory() {
        return spoolDirectory;
    }

    /** Messages up to this many octets stay in memory. */
    public int spoolThreshold() {
        return spoolThreshold;
    }

    /**
     * How long the server waits for a complete command line, counted from when it became
     * ready for it; bytes that trickle in do not extend it. RFC 5321 4.5.3.2.7 asks for at
     * least five minutes.
     */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** How long the server waits for more message data before it gives up on the client. */
    public Duration dataTimeout() {
        return dataTimeout;
    }

    /** How long a whole session may last, whatever the client does. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /**
     * How long a listener, or the security realm, may take to decide before the client gets
     * "451 Timeout". Clients wait five minutes for most replies (RFC 5321 4.5.3.2), so the
     * default stays below that.
     */
    public Duration decisionTimeout() {
        return decisionTimeout;
    }

    /** How the listener offers TLS. */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** True when mail commands before TLS get "550 Must issue a STARTTLS command first". */
    public boolean requireTls() {
        return requireTls;
    }

    /** The SASL mechanisms allowed, upper case; empty when AUTH is not offered. */
    public Set<String> authMechanisms() {
        return authMechanisms;
    }

    /**
     * True when PLAIN and LOGIN may be used without TLS, which sends the password in clear;
     * meant for development on the loopback interface.
     */
    public boolean allowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    /** True when MAIL before AUTH gets "530 Authentication required" (submission). */
    public boolean requireAuth() {
        return requireAuth;
    }

    /** Failed AUTH attempts in a session before it is closed (RFC 4954 section 4). */
    public int maxAuthFailures() {
        return maxAuthFailures;
    }

    /**
     * How long a failed AUTH waits for its reply. The per-session limit alone lets a client
     * guess on many connections at once; a pause on each failure bounds the guesses per
     * second whatever the number of connections, at no cost to a user who types right.
     */
    public Duration authFailureDelay() {
        return authFailureDelay;
    }

    /** The built-in rules: lists, strict modes, the hop limit. */
    public Policy policy() {
        return policy;
    }

    /**
     * The 421 reply every client gets at once when the listener cannot work as configured,
     * or null when it can.
     */
    public Reply unavailable() {
        return unavailable;
    }

    /**
     * STARTTLS handshakes under way at once on the listener; past it STARTTLS gets "454 TLS
     * not available due to temporary reason" (RFC 3207 section 4), since handshakes are
     * what costs a TLS server its processor.
     */
    public int maxTlsHandshakes() {
        return maxTlsHandshakes;
    }

    /**
     * Connections the listener holds at once; past it a new client gets "421 Access is
     * denied from your IP address ..., please try later" and is closed at once.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Connections one client address may hold at once, with the same reply past it. */
    public int maxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    /**
     * True when commands that the client sent before the reply it had to wait for are
     * refused with 503 instead of run: commands before the greeting (RFC 5321 3.1), before
     * the EHLO reply that announced PIPELINING, after a command that must end a pipelined
     * group (RFC 2920 3.1); and message content sent before the 354 gets 421 and closes the
     * session.
     */
    public boolean strictPipelining() {
        return strictPipelining;
    }

    /**
     * The load balancers whose PROXY protocol header (v1 or v2) names the real client; when
     * set, every connection must come from one of them and start with that header, and
     * any other address is refused with 521. Empty: no PROXY protocol.
     */
    public NetworkList trustedProxies() {
        return trustedProxies;
    }

    /** True when connections come through a load balancer that speaks the PROXY protocol. */
    public boolean proxyProtocol() {
        return !trustedProxies.isEmpty();
    }

    /** Where the sessions report what they do, for metrics. */
    public SessionEvents events() {
        return events;
    }

    /** The reply catalog, with the administrator's text overrides. */
    public ReplyCatalog catalog() {
        return catalog;
    }

    /** The catalog's formatter for this server name, shared by the sessions. */
    public ReplyFormatter replies() {
        return replies;
    }

    /** True when {@code domain} is one of the local domains, in any case. */
    public boolean isLocalDomain(String domain) {
        return localDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Builds a {@link SessionConfig}; every setting has a default. */
    public static final class Builder {
        private String listenerName = "smtp";
        private String serverName = "localhost";
        private Set<String> localDomains = Set.of();
        private NetworkList relayNetworks = NetworkList.parse("");
        private long maxMessageSize = 10L * 1024 * 1024;
        private int maxRecipients = 100;
        private int maxErrors = 20;
        private int maxTransactions = 1000;
        private int maxCommandLineLength = 2048;
        private int maxTextLineLength = 1000;
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private int spoolThreshold = 1024 * 1024;
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Duration dataTimeout = Duration.ofMinutes(3);
        private Duration sessionTimeout = Duration.ofHours(1);
        private Duration decisionTimeout = Duration.ofMinutes(4);
        private TlsMode tlsMode = TlsMode.NONE;
        private boolean requireTls;
        private Set<String> authMechanisms = Set.of();
        private boolean allowPlaintextAuth;
        private boolean requireAuth;
        private int maxAuthFailures = 3;
        private Duration authFailureDelay = Duration.ZERO;
        private int maxTlsHandshakes = 100;
        private int maxConnections = 4096;
        private int maxConnectionsPerClient = 50;
        private boolean strictPipelining = true;
        private NetworkList trustedProxies = NetworkList.parse("");
        private SessionEvents events = SessionEvents.NONE;
        private Policy policy = Policy.defaults();
        private Reply unavailable;
        private ReplyCatalog catalog;

        private Builder() {
        }

        public Builder tlsMode(TlsMode value) {
            tlsMode = Objects.requireNonNull(value);
            return this;
        }

        public Builder requireTls(boolean value) {
            requireTls = value;
            return this;
        }

        public Builder authMechanisms(Set<String> value) {
            Set<String> upper = value.stream()
                    .map(m -> m.toUpperCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            if (!SUPPORTED_MECHANISMS.containsAll(upper)) {
                throw new IllegalArgumentException("authMechanisms " + upper + ": only "
                        + SUPPORTED_MECHANISMS + " are implemented");
            }
            authMechanisms = upper;
            return this;
        }

        public Builder allowPlaintextAuth(boolean value) {
            allowPlaintextAuth = value;
            return this;
        }

        public Builder requireAuth(boolean value) {
            requireAuth = value;
            return this;
        }

        public Builder maxAuthFailures(int value) {
            maxAuthFailures = (int) atLeast(value, 1, "maxAuthFailures");
            return this;
        }

        public Builder authFailureDelay(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("authFailureDelay must be at least 0");
            }
            authFailureDelay = value;
            return this;
        }

        /** The listener's name for the log, such as the bean's class name. */
        public Builder listenerName(String value) {
            listenerName = Objects.requireNonNull(value);
            return this;
        }

        public Builder serverName(String value) {
            serverName = Objects.requireNonNull(value);
            return this;
        }

        public Builder localDomains(Set<String> value) {
            localDomains = value.stream()
                    .map(d -> d.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            return this;
        }

        public Builder relayNetworks(NetworkList value) {
            relayNetworks = Objects.requireNonNull(value);
            return this;
        }

        public Builder maxMessageSize(long value) {
            maxMessageSize = atLeast(value, 1, "maxMessageSize");
            return this;
        }

        public Builder maxRecipients(int value) {
            maxRecipients = (int) atLeast(value, 1, "maxRecipients");
            return this;
        }

        public Builder maxErrors(int value) {
            maxErrors = (int) atLeast(value, 1, "maxErrors");
            return this;
        }

        public Builder maxTransactions(int value) {
            maxTransactions = (int) atLeast(value, 1, "maxTransactions");
            return this;
        }

        public Builder maxCommandLineLength(int value) {
            maxCommandLineLength = (int) atLeast(value, 512, "maxCommandLineLength");
            return this;
        }

        public Builder maxTextLineLength(int value) {
            maxTextLineLength = (int) atLeast(value, 1000, "maxTextLineLength");
            return this;
        }

        public Builder spoolDirectory(Path value) {
            spoolDirectory = Objects.requireNonNull(value);
            return this;
        }

        public Builder spoolThreshold(int value) {
            spoolThreshold = (int) atLeast(value, 0, "spoolThreshold");
            return this;
        }

        public Builder commandTimeout(Duration value) {
            commandTimeout = positive(value, "commandTimeout");
            return this;
        }

        public Builder dataTimeout(Duration value) {
            dataTimeout = positive(value, "dataTimeout");
            return this;
        }

        public Builder sessionTimeout(Duration value) {
            sessionTimeout = positive(value, "sessionTimeout");
            return this;
        }

        public Builder maxTlsHandshakes(int value) {
            maxTlsHandshakes = (int) atLeast(value, 1, "maxTlsHandshakes");
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = (int) atLeast(value, 1, "maxConnections");
            return this;
        }

        public Builder maxConnectionsPerClient(int value) {
            maxConnectionsPerClient = (int) atLeast(value, 1, "maxConnectionsPerClient");
            return this;
        }

        public Builder strictPipelining(boolean value) {
            strictPipelining = value;
            return this;
        }

        public Builder trustedProxies(NetworkList value) {
            trustedProxies = Objects.requireNonNull(value);
            return this;
        }

        public Builder events(SessionEvents value) {
            events = Objects.requireNonNull(value);
            return this;
        }

        public Builder policy(Policy value) {
            policy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Makes the listener answer every client with this 421 reply and close: a
         * configuration it cannot work with must be seen by clients and in the log, not
         * fail silently.
         */
        public Builder unavailable(Reply value) {
            if (value != null && (value.id() / 1000 != 2174 || value.id() > 2174005)) {
                throw new IllegalArgumentException(value + " is not a 421 'Service not "
                        + "available' reply");
            }
            unavailable = value;
            return this;
        }

        public Builder decisionTimeout(Duration value) {
            decisionTimeout = positive(value, "decisionTimeout");
            return this;
        }

        public Builder catalog(ReplyCatalog value) {
            catalog = Objects.requireNonNull(value);
            return this;
        }

        public SessionConfig build() {
            if (catalog == null) {
                catalog = ReplyCatalog.defaults();
            }
            if (requireTls && tlsMode == TlsMode.NONE) {
                throw new IllegalArgumentException("requireTls needs a TLS mode");
            }
            if (requireAuth && authMechanisms.isEmpty()) {
                throw new IllegalArgumentException("requireAuth needs AUTH mechanisms");
            }
            return new SessionConfig(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static long atLeast(long value, long minimum, String name) {
            if (value < minimum) {
                throw new IllegalArgumentException(name + " must be at least " + minimum
                        + ", was " + value);
            }
            return value;
        }
    }
}
