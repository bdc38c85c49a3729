package org.smtpra.protocol;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command table: every verb the engine knows, and whether it takes an argument.
 *
 * <p>Verbs of RFC 5321 section 4.5.1's minimum implementation are all here, with STARTTLS
 * (RFC 3207) and AUTH (RFC 4954). Verbs of other
 * RFCs that this server does not implement are known too, so that they get
 * "502 Command not implemented" rather than "500 command unrecognized" (RFC 5321 4.2.4).
 */
enum Verb {
    HELO(Argument.REQUIRED, false, true),
    EHLO(Argument.REQUIRED, false, true),
    MAIL(Argument.REQUIRED, true, false),
    RCPT(Argument.REQUIRED, true, false),
    DATA(Argument.NONE, true, true),
    RSET(Argument.NONE),
    NOOP(Argument.OPTIONAL, false, true),
    QUIT(Argument.NONE, false, true),
    VRFY(Argument.REQUIRED, false, true),
    HELP(Argument.OPTIONAL),
    /** RFC 5321 3.5.3: a server may decline to expand mailing lists. */
    EXPN(Argument.UNIMPLEMENTED, false, true),
    /** RFC 3207 section 4: STARTTLS ends a pipelined group. */
    STARTTLS(Argument.NONE, false, true),
    /** The SASL exchange needs each reply before the client can go on. */
    AUTH(Argument.REQUIRED, false, true),
    BDAT(Argument.UNIMPLEMENTED),
    ETRN(Argument.UNIMPLEMENTED),
    ATRN(Argument.UNIMPLEMENTED),
    TURN(Argument.UNIMPLEMENTED, false, true),
    SEND(Argument.UNIMPLEMENTED),
    SOML(Argument.UNIMPLEMENTED),
    SAML(Argument.UNIMPLEMENTED);

    /** What a verb expects after it. */
    enum Argument {
        NONE, OPTIONAL, REQUIRED, UNIMPLEMENTED
    }

    private static final Map<String, Verb> BY_NAME = new HashMap<>();

    static {
        for (Verb verb : values()) {
            BY_NAME.put(verb.name(), verb);
        }
    }

    private final Argument argument;
    private final boolean mailCommand;
    private final boolean endsGroup;

    Verb(Argument argument) {
        this(argument, false, false);
    }

    Verb(Argument argument, boolean mailCommand, boolean endsGroup) {
        this.argument = argument;
        this.mailCommand = mailCommand;
        this.endsGroup = endsGroup;
    }

    Argument argument() {
        return argument;
    }

    /** True for the commands of a mail transaction, which security settings may hold back. */
    boolean isMailCommand() {
        return mailCommand;
    }

    /**
     * True for the commands that may only end a pipelined group (RFC 2920 section 3.1):
     * the client must have their reply before it sends anything more.
     */
    boolean endsGroup() {
        return endsGroup;
    }

    /** The verb with this name in any case, or null when there is none. */
    static Verb lookup(String name) {
        if (name.length() != 4 && name.length() != 8) {
            return null;
        }
        return BY_NAME.get(name.toUpperCase(Locale.ROOT));
    }
}
