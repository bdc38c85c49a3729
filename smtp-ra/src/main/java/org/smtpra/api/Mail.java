package org.smtpra.api;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message received in full: its envelope and its content as the client sent it, after
 * dot-unstuffing, with this server's Received trace field in front (RFC 5321 4.4).
 *
 * <p>The content may live on disk: large messages are spooled rather than held in memory.
 * It is readable for as long as the listener's {@code onMessage} call lasts and is deleted
 * afterwards, so a listener that keeps the message must copy it before it returns.
 */
public interface Mail {

    /** The envelope of the transaction, with every accepted recipient. */
    Envelope envelope();

    /** The size of the content in octets, trace field included. */
    long size();

    /** A new stream over the raw content (CRLF line ends); the caller closes it. */
    InputStream openStream() throws IOException;

    /**
     * The content parsed as a MIME message, on demand. Each call parses again, so call it
     * once and keep the result.
     */
    MimeMessage toMimeMessage() throws IOException, MessagingException;
}
