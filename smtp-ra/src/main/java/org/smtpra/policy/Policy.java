package org.smtpra.policy;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;
import org.smtpra.protocol.NetworkList;

/**
 * The built-in rules a listener applies before it asks its bean: lists of clients,
 * HELO names, senders and recipients, the strict modes, and the hop limit. Immutable; the
 * lists behind it may be files that are read again when they change.
 *
 * <p>Each check answers with the catalog reply that refuses, or null to go on.
 */
public final class Policy {

    /** RFC 5321 6.3: loop detection "SHOULD use a large rejection threshold". */
    public static final int DEFAULT_MAX_HOPS = 100;

    private final ListSource<NetworkList> deniedClients;
    private final ListSource<NetworkList> deferredClients;
    private final ListSource<AddressList> deniedHeloNames;
    private final ListSource<AddressList> deniedSenders;
    private final ListSource<AddressList> auditedSenders;
    private final ListSource<AddressList> deniedRecipients;
    private final ListSource<AddressList> relaySenders;
    private final boolean strictHelo;
    private final boolean authenticatedRelay;
    private final boolean localSendersMustAuthenticate;
    private final boolean strictMime;
    private final int maxHops;

    private Policy(Builder b) {
        deniedClients = b.deniedClients;
        deferredClients = b.deferredClients;
        deniedHeloNames = b.deniedHeloNames;
        deniedSenders = b.deniedSenders;
        auditedSenders = b.auditedSenders;
        deniedRecipients = b.deniedRecipients;
        relaySenders = b.relaySenders;
        strictHelo = b.strictHelo;
        authenticatedRelay = b.authenticatedRelay;
        localSendersMustAuthenticate = b.localSendersMustAuthenticate;
        strictMime = b.strictMime;
        maxHops = b.maxHops;
    }

    /** The rules of a listener that has set none: only the defaults apply. */
    public static Policy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clients refused before the greeting: for good with 521 (RFC 7504), for now with 421
     * "please try later".
     */
    public Reply clientRefusal(InetAddress client) {
        if (deniedClients.current().contains(client)) {
            return Reply.CLIENT_DENIED;
        }
        if (deferredClients.current().contains(client)) {
            return Reply.CLIENT_DENIED_TEMPORARILY;
        }
        return null;
    }

    /**
     * HELO and EHLO names: a denied name gets 550; in strict mode a name that is neither a
     * fully qualified domain nor an address literal gets 554.
     */
    public Reply heloRefusal(String name, boolean addressLiteral) {
        if (!addressLiteral && deniedHeloNames.current().matchesDomain(name)) {
            return Reply.ACCESS_DENIED;
        }
        if (strictHelo && !addressLiteral && !isFullyQualified(name)) {
            return Reply.INVALID_HELO_HOST;
        }
        return null;
    }

    /** Senders blacklisted (553) or held by the audit list (453, try later). */
    public Reply senderRefusal(Path reversePath) {
        if (deniedSenders.current().matches(reversePath)) {
            return Reply.SENDER_BLACKLISTED;
        }
        if (auditedSenders.current().matches(reversePath)) {
            return Reply.SENDER_IN_AUDIT_LIST;
        }
        return null;
    }

    /** Recipients blacklisted: 554. */
    public Reply recipientRefusal(Path forwardPath) {
        return deniedRecipients.current().matches(forwardPath)
                ? Reply.RECIPIENT_BLACKLISTED : null;
    }

    /** The senders that may relay: from the relay networks only these, when any is set. */
    public AddressList relaySenders() {
        return relaySenders.current();
    }

    /** True when an authenticated client may relay to any domain. */
    public boolean authenticatedRelay() {
        return authenticatedRelay;
    }

    /**
     * True when an unauthenticated client outside the relay networks may not use a sender
     * of a local domain: on an MX, such mail is either forged or should have gone through
     * the submission server.
     */
    public boolean localSendersMustAuthenticate() {
        return localSendersMustAuthenticate;
    }

    /** True when a message must parse as MIME to be accepted. */
    public boolean strictMime() {
        return strictMime;
    }

    /** Received fields a message may carry before it is taken for a loop. */
    public int maxHops() {
        return maxHops;
    }

    /**
     * At least two labels, and a top-level label that is not all digits, so that neither
     * "localhost" nor "192.0.2.1" without brackets passes.
     */
    static boolean isFullyQualified(String name) {
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!label.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                return false;
            }
        }
        return !labels[labels.length - 1].toLowerCase(Locale.ROOT).matches("[0-9]+");
    }

    /** Builds a {@link Policy}; every rule is off or empty until set. */
    public static final class Builder {
        private ListSource<NetworkList> deniedClients = ListSource.fixed(NetworkList.parse(""));
        private ListSource<NetworkList> deferredClients =
                ListSource.fixed(NetworkList.parse(""));
        private ListSource<AddressList> deniedHeloNames = ListSource.fixed(AddressList.empty());
        private ListSource<AddressList> deniedSenders = ListSource.fixed(AddressList.empty());
        private ListSource<AddressList> auditedSenders = ListSource.fixed(AddressList.empty());
        private ListSource<AddressList> deniedRecipients =
                ListSource.fixed(AddressList.empty());
        private ListSource<AddressList> relaySenders = ListSource.fixed(AddressList.empty());
        private boolean strictHelo;
        private boolean authenticatedRelay = true;
        private boolean localSendersMustAuthenticate;
        private boolean strictMime;
        private int maxHops = DEFAULT_MAX_HOPS;

        private Builder() {
        }

        public Builder deniedClients(ListSource<NetworkList> value) {
            deniedClients = Objects.requireNonNull(value);
            return this;
        }

        public Builder deferredClients(ListSource<NetworkList> value) {
            deferredClients = Objects.requireNonNull(value);
            return this;
        }

        public Builder deniedHeloNames(ListSource<AddressList> value) {
            deniedHeloNames = Objects.requireNonNull(value);
            return this;
        }

        public Builder deniedSenders(ListSource<AddressList> value) {
            deniedSenders = Objects.requireNonNull(value);
            return this;
        }

        public Builder auditedSenders(ListSource<AddressList> value) {
            auditedSenders = Objects.requireNonNull(value);
            return this;
        }

        public Builder deniedRecipients(ListSource<AddressList> value) {
            deniedRecipients = Objects.requireNonNull(value);
            return this;
        }

        public Builder relaySenders(ListSource<AddressList> value) {
            relaySenders = Objects.requireNonNull(value);
            return this;
        }

        public Builder strictHelo(boolean value) {
            strictHelo = value;
            return this;
        }

        public Builder authenticatedRelay(boolean value) {
            authenticatedRelay = value;
            return this;
        }

        public Builder localSendersMustAuthenticate(boolean value) {
            localSendersMustAuthenticate = value;
            return this;
        }

        public Builder strictMime(boolean value) {
            strictMime = value;
            return this;
        }

        public Builder maxHops(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxHops must be at least 1, was " + value);
            }
            maxHops = value;
            return this;
        }

        public Policy build() {
            return new Policy(this);
        }
    }
}
