package org.smtpra.protocol;

/** How a listener offers TLS. */
public enum TlsMode {
    /** Plain text only; STARTTLS is not offered. */
    NONE,
    /** Plain text first, and STARTTLS (RFC 3207) to upgrade. */
    STARTTLS,
    /** TLS from the first byte, in the style of port 465 (RFC 8314 section 3). */
    IMPLICIT
}
