package org.smtpra.protocol;

/** The stages of a session at which a listener is asked for a decision. */
public enum Stage {
    CONNECT,
    HELO,
    MAIL,
    RCPT,
    DATA
}
