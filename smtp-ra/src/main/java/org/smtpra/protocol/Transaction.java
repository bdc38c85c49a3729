package org.smtpra.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.smtpra.api.Envelope;
import org.smtpra.api.Path;
import org.smtpra.api.SessionInfo;

/**
 * One mail transaction (RFC 5321 3.3): opened by an accepted MAIL, grown by accepted RCPTs,
 * ended by the end of DATA, RSET, HELO, EHLO or the end of the session.
 */
final class Transaction {

    private final Path reversePath;
    private final Map<String, String> parameters;
    private final List<Path> forwardPaths = new ArrayList<>();
    private final Set<String> recipientKeys = new HashSet<>();
    private int recipientAttempts;
    private int excessRecipients;

    Transaction(Path reversePath, Map<String, String> parameters) {
        this.reversePath = reversePath;
        this.parameters = Map.copyOf(parameters);
    }

    /** A snapshot for a listener. */
    Envelope envelope(SessionInfo session) {
        return new Envelope(session, reversePath, forwardPaths, parameters);
    }

    Path reversePath() {
        return reversePath;
    }

    /** True when the transaction asked for SMTPUTF8, so that paths may hold UTF-8. */
    boolean utf8() {
        return MailParameters.utf8(parameters);
    }

    /** Counts a recipient refused for the recipient limit. */
    void countExcessRecipient() {
        excessRecipients++;
    }

    /** The recipients refused for the recipient limit so far. */
    int excessRecipients() {
        return excessRecipients;
    }

    void countRecipientAttempt() {
        recipientAttempts++;
    }

    /** True when RCPT was tried at least once, accepted or not. */
    boolean hadRecipientAttempts() {
        return recipientAttempts > 0;
    }

    int recipientCount() {
        return forwardPaths.size();
    }

    /**
     * True when this recipient was accepted already. Domains compare without case; local
     * parts with case, since only their own host may interpret them (RFC 5321 2.4).
     */
    boolean hasRecipient(Path path) {
        return recipientKeys.contains(key(path));
    }

    void addRecipient(Path path) {
        recipientKeys.add(key(path));
        forwardPaths.add(path);
    }

    private static String key(Path path) {
        return path.localPart() + "@" + path.domain().toLowerCase(Locale.ROOT);
    }
}
