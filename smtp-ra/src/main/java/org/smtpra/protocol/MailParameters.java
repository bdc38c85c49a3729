package org.smtpra.protocol;

import java.util.Locale;
import java.util.Map;
import org.smtpra.api.Reply;

/**
 * The MAIL parameters this server implements, checked against what it advertised:
 * SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), and AUTH (RFC 4954 section 5) where
 * AUTH is offered; its value is taken as given, since this server relays for no one on the
 * strength of another server's word. Any other keyword gives
 * "555 MAIL FROM/RCPT TO parameters not recognized or not implemented" (RFC 5321
 * 4.1.1.11), and so does any parameter at all after HELO, which announced no extensions.
 */
final class MailParameters {

    /** RFC 1870 section 3: SIZE takes at most 20 digits. */
    private static final int MAX_SIZE_DIGITS = 20;

    private MailParameters() {
    }

    /**
     * Checks the parameters of one MAIL command.
     *
     * @param extended whether the client greeted with EHLO
     * @param maxMessageSize the advertised SIZE limit
     * @param authOffered whether the session offers AUTH, and so takes AUTH=
     */
    static void check(Map<String, String> parameters, boolean extended, long maxMessageSize,
            boolean authOffered) throws SyntaxException {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!extended) {
                throw notRecognized(parameter.getKey());
            }
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> checkSize(value, maxMessageSize);
                case "BODY" -> checkBody(value);
                case "SMTPUTF8" -> checkNoValue("SMTPUTF8", value);
                case "AUTH" -> checkAuth(value, authOffered);
                default -> throw notRecognized(parameter.getKey());
            }
        }
    }

    /** True when the transaction asked for SMTPUTF8, so that its paths may hold UTF-8. */
    static boolean utf8(Map<String, String> parameters) {
        return parameters.containsKey("SMTPUTF8");
    }

    /**
     * RFC 1870 section 6.1: a declared size over the limit is refused with 552 at MAIL, so
     * the client does not send data that would be refused anyway.
     */
    private static void checkSize(String value, long maxMessageSize) throws SyntaxException {
        if (value.isEmpty() || value.length() > MAX_SIZE_DIGITS || !value.chars()
                .allMatch(c -> c >= '0' && c <= '9')) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, "malformed SIZE");
        }
        boolean tooBig = value.length() > 18 || Long.parseLong(value) > maxMessageSize;
        if (tooBig) {
            throw new SyntaxException(Reply.MESSAGE_TOO_BIG, "declared SIZE=" + value);
        }
    }

    /** RFC 6152: 7BIT and 8BITMIME; BINARYMIME needs CHUNKING, which is not offered. */
    private static void checkBody(String value) throws SyntaxException {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "7BIT", "8BITMIME" -> {
            }
            case "BINARYMIME" -> throw new SyntaxException(Reply.PARAMETER_NOT_IMPLEMENTED,
                    "BODY=BINARYMIME");
            default -> throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS,
                    "unknown BODY value");
        }
    }

    private static void checkAuth(String value, boolean authOffered) throws SyntaxException {
        if (!authOffered) {
            throw notRecognized("AUTH");
        }
        if (value.isEmpty()) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, "AUTH without value");
        }
    }

    private static void checkNoValue(String keyword, String value) throws SyntaxException {
        if (!value.isEmpty()) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, keyword + " with value");
        }
    }

    private static SyntaxException notRecognized(String keyword) {
        return new SyntaxException(Reply.PARAMETER_NOT_RECOGNIZED, "parameter " + keyword);
    }
}
