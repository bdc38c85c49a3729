package org.smtpra.protocol;

/** The stages of a session at which a listener is asked for a decision. */
public enum Stage {
    CONNECT,
    HELO,
    AUTH,
    MAIL,
    RCPT,
    DATA
}
