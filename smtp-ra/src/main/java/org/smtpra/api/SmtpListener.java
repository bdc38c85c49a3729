package org.smtpra.api;

/**
 * The message listener interface of the SMTP resource adapter: a message-driven bean that
 * implements it is asked for a decision at each stage of every SMTP session on its listener.
 *
 * <p>For each session the adapter calls, in this order:
 * <ol>
 *   <li>{@link #onConnect} once, before the greeting;</li>
 *   <li>{@link #onHelo} for each HELO or EHLO;</li>
 *   <li>{@link #onAuthenticated} after the server's security realm accepted the credentials
 *       of an AUTH command;</li>
 *   <li>for each mail transaction: {@link #onMailFrom} once, {@link #onRecipient} for each
 *       RCPT that passed the adapter's own checks, and {@link #onMessage} once the content
 *       has arrived in full, if at least one recipient was accepted.</li>
 * </ol>
 * Each call may come from another thread and another bean instance; a bean keeps no
 * conversational state between calls. Every method but {@link #onMessage} has a default
 * that accepts, so a bean overrides only the stages it cares about.
 *
 * <p>An exception thrown from a method is logged and answered with a 4yz catalog reply, so
 * the client tries again later; the session goes on. The reply to the end of DATA is sent
 * only after {@link #onMessage} has returned (and its transaction committed): a message is
 * never acknowledged before the bean has it.
 */
public interface SmtpListener {

    /** A client connected; reject to refuse it before the greeting. */
    default Decision onConnect(SessionInfo session) {
        return Decision.accept();
    }

    /** The client introduced itself; its name is {@link SessionInfo#heloName()}. */
    default Decision onHelo(SessionInfo session) {
        return Decision.accept();
    }

    /**
     * The client proved to be {@link SessionInfo#user()}: the application server's security
     * realm checked the password. Reject (for example with
     * {@link Reply#PASSWORD_TRANSITION_NEEDED}) to refuse the user all the same.
     */
    default Decision onAuthenticated(SessionInfo session) {
        return Decision.accept();
    }

    /** A transaction begins with this reverse-path. */
    default Decision onMailFrom(Envelope envelope) {
        return Decision.accept();
    }

    /**
     * A recipient is offered; the envelope holds the recipients accepted before it. Accept,
     * reject (for example {@code Decision.reject(Reply.INVALID_USER)}) or forward.
     */
    default Decision onRecipient(Envelope envelope, Path recipient) {
        return Decision.accept();
    }

    /**
     * The message has arrived. Deliver or store it before returning: accepting means the
     * client is told the message is safe and deletes its copy.
     */
    Decision onMessage(Mail mail);
}
