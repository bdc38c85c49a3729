package org.smtpra.protocol;

import org.smtpra.api.Reply;

/**
 * The engine's view of its connection: where replies go and how input is paced. The
 * transport implements it; every method is called on the session's own thread.
 */
public interface SessionChannel {

    /** Queues reply bytes; they leave at the next {@link #flush()}. */
    void write(byte[] bytes);

    /** Sends what was queued. */
    void flush();

    /** Sends what was queued, then closes the connection. */
    void close();

    /**
     * Starts TLS (RFC 3207): sends {@code reply} in clear, then begins the handshake, and
     * calls {@link SmtpSession#tlsStarted} once it succeeds or closes the connection when
     * it fails.
     *
     * @return null when the handshake has begun; otherwise, having sent nothing, the reply
     *         that says why not: {@link Reply#TLS_INITIALIZATION_FAILED} when TLS cannot be
     *         set up (no usable key), {@link Reply#TLS_NOT_AVAILABLE} when too many
     *         handshakes are under way
     */
    Reply startTls(byte[] reply);

    /**
     * Starts or stops reading from the client. The engine stops reading while it waits for
     * a decision once a command line's worth of input is waiting, so that a pipelining
     * client cannot make it buffer without bound.
     */
    void setReading(boolean reading);
}
