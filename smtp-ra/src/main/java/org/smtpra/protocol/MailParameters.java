package org.smtpra.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    private static final int MAX_SIZE_DIGITS = 20;
    /** RFC 6152 and RFC 3030 name these. */
    private static final Set<String> BODY_VALUES = Set.of("7BIT", "8BITMIME", "BINARYMIME");

    private MailParameters() {
    }

    /**
     * Checks the parameters of one MAIL command: first the syntax of each known one (501),
     * then whether each is offered (555), implemented (504) and within the size limit (552),
     * so that a malformed command is called malformed whatever else it asks for.
     *
     * @param extended whether the client greeted with EHLO
     * @param maxMessageSize the advertised SIZE limit
     * @param authOffered whether the session offers AUTH, and so takes AUTH=
     */
    static void check(Map<String, String> parameters, boolean extended, long maxMessageSize,
            boolean authOffered) throws SyntaxException {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            checkSyntax(parameter.getKey(), parameter.getValue());
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!extended) {
                throw notRecognized(parameter.getKey());
            }
            checkSupport(parameter.getKey(), parameter.getValue(), maxMessageSize,
                    authOffered);
        }
    }

    /** True when the transaction asked for SMTPUTF8, so that its paths may hold UTF-8. */
    static boolean utf8(Map<String, String> parameters) {
        return parameters.containsKey("SMTPUTF8");
    }

    private static void checkSyntax(String keyword, String value) throws SyntaxException {
        boolean valid = switch (keyword) {
            // RFC 1870 section 3: SIZE takes at most 20 digits.
            case "SIZE" -> !value.isEmpty() && value.length() <= MAX_SIZE_DIGITS
                    && value.chars().allMatch(c -> c >= '0' && c <= '9');
            case "BODY" -> BODY_VALUES.contains(value.toUpperCase(Locale.ROOT));
            case "SMTPUTF8" -> value.isEmpty();
            case "AUTH" -> !value.isEmpty();
            default -> true;
        };
        if (!valid) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, "malformed " + keyword);
        }
    }

    private static void checkSupport(String keyword, String value, long maxMessageSize,
            boolean authOffered) throws SyntaxException {
        switch (keyword) {
            case "SIZE" -> checkSize(value, maxMessageSize);
            case "BODY" -> {
                // RFC 3030: BINARYMIME needs CHUNKING, which is not offered.
                if ("BINARYMIME".equalsIgnoreCase(value)) {
                    throw new SyntaxException(Reply.PARAMETER_NOT_IMPLEMENTED, "BINARYMIME");
                }
            }
            case "SMTPUTF8" -> {
            }
            case "AUTH" -> {
                if (!authOffered) {
                    throw notRecognized(keyword);
                }
            }
            default -> throw notRecognized(keyword);
        }
    }

    /**
     * RFC 1870 section 6.1: a declared size over the limit is refused with 552 at MAIL, so
     * the client does not send data that would be refused anyway.
     */
    private static void checkSize(String value, long maxMessageSize) throws SyntaxException {
        boolean tooBig = value.length() > 18 || Long.parseLong(value) > maxMessageSize;
        if (tooBig) {
            throw new SyntaxException(Reply.MESSAGE_TOO_BIG, "declared SIZE=" + value);
        }
    }

    private static SyntaxException notRecognized(String keyword) {
        return new SyntaxException(Reply.PARAMETER_NOT_RECOGNIZED, "parameter " + keyword);
    }
}
