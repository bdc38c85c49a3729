package org.smtpra.protocol;

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
     * @return false, having sent nothing, when TLS cannot be set up (no usable key)
     */
    boolean startTls(byte[] reply);

    /**
     * Starts or stops reading from the client. The engine stops reading while it waits for
     * a decision, so that a pipelining client cannot make it buffer without bound.
     */
    void setReading(boolean reading);
}
