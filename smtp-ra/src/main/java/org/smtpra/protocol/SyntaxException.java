package org.smtpra.protocol;

import org.smtpra.api.Reply;

/** A command argument the engine refuses, with the catalog reply that says why. */
final class SyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    SyntaxException(Reply reply, String detail) {
        super(detail, null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }
}
