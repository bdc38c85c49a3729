package org.smtpra.protocol;

import org.smtpra.api.Reply;

/**
 * What the sessions of a listener report as they go, for metrics and monitoring. Every
 * method has an empty default, so an observer overrides only what it counts.
 *
 * <p>Methods are called on the sessions' own threads, many at once for one listener, in
 * the middle of protocol work: they must be quick, thread-safe and must not throw.
 */
public interface SessionEvents {

    /** Observes nothing. */
    SessionEvents NONE = new SessionEvents() {
    };

    /** A session began (after the connection limits let it in). */
    default void sessionOpened() {
    }

    /** A session ended, however it ended. */
    default void sessionClosed(long durationNanos) {
    }

    /** A reply went to the client. */
    default void replySent(Reply reply) {
    }

    /**
     * A negative reply went to the client at this stage of the session: a command verb
     * such as "RCPT", "end of DATA", "CONNECT", or a name of what the client was doing.
     */
    default void refused(String stage, Reply reply) {
    }

    /** A message was accepted: the listener has it, and the client got its 250. */
    default void messageAccepted(long octets) {
    }

    /** A message was refused at the end of DATA, by a rule, by the listener or by a failure. */
    default void messageRejected() {
    }

    /** A TLS handshake ended, STARTTLS or implicit. */
    default void tlsHandshake(boolean succeeded) {
    }

    /** An AUTH exchange ended with the realm's verdict. */
    default void authentication(boolean succeeded) {
    }

    /** The listener took this long to decide at this stage (failures and timeouts too). */
    default void decided(Stage stage, long nanos) {
    }
}
