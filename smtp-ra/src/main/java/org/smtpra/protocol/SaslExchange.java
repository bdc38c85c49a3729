package org.smtpra.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.smtpra.api.Reply;

/**
 * One SASL exchange of the AUTH command (RFC 4954) for the mechanisms PLAIN (RFC 4616) and
 * LOGIN: it turns the initial response and the client's answers to challenges into
 * credentials, and knows nothing of how they are checked.
 *
 * <p>Every response is base64 (RFC 4648, strict); "*" cancels the exchange (RFC 4954
 * section 4: "501"); "=" as an initial response stands for an empty one.
 */
final class SaslExchange {

    /** The mechanisms this server implements. */
    static final Set<String> MECHANISMS = Set.of("PLAIN", "LOGIN");

    /** What the session does next. */
    sealed interface Next permits Challenge, Credentials, Failure {
    }

    /** Send this 334 challenge and wait for the client's answer. */
    record Challenge(Reply prompt) implements Next {
    }

    /** The exchange is complete: check these. The password array is the caller's to clear. */
    record Credentials(String user, char[] password) implements Next {
    }

    /** The exchange failed: answer with this reply. */
    record Failure(Reply reply, String detail) implements Next {
    }

    private final boolean plain;
    private String user;

    SaslExchange(String mechanism) {
        this.plain = "PLAIN".equals(mechanism.toUpperCase(Locale.ROOT));
    }

    /**
     * Starts the exchange.
     *
     * @param initialResponse the response given with the AUTH command, or null
     */
    Next start(String initialResponse) {
        if (initialResponse == null) {
            return new Challenge(plain ? Reply.AUTHENTICATION_CONTINUE : Reply.USERNAME_CHALLENGE);
        }
        return answer("=".equals(initialResponse) ? "" : initialResponse);
    }

    /** Takes the client's answer to the last challenge. */
    Next respond(String line) {
        if ("*".equals(line)) {
            return new Failure(Reply.AUTHENTICATION_ABORTED, "cancelled by the client");
        }
        return answer(line);
    }

    private Next answer(String base64) {
        // RFC 4954 sends base64 as RFC 4648 has it, padded to whole groups of four; the
        // JDK's decoder would also take a response with its padding left off.
        if (base64.length() % 4 != 0) {
            return malformed("response is not padded base64");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return malformed("response is not base64");
        }
        try {
            return plain ? plain(decoded) : login(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /** RFC 4616: authzid NUL authcid NUL passwd. */
    private Next plain(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            return malformed("PLAIN message without its two NULs");
        }
        String authzid = utf8(message, 0, first);
        String authcid = utf8(message, first + 1, second);
        char[] password = chars(message, second + 1, message.length);
        if (authzid == null || authcid == null || password == null || authcid.isEmpty()) {
            return malformed("PLAIN message not UTF-8 or without a user");
        }
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            // Acting for another identity is not offered: only the user's own is valid.
            Arrays.fill(password, '\0');
            return new Failure(Reply.INVALID_CREDENTIALS, "authorization identity differs");
        }
        return new Credentials(authcid, password);
    }

    /** LOGIN: the user name, then the password, each in answer to a challenge. */
    private Next login(byte[] response) {
        if (user == null) {
            user = utf8(response, 0, response.length);
            if (user == null || user.isEmpty()) {
                return malformed("LOGIN user name empty or not UTF-8");
            }
            return new Challenge(Reply.PASSWORD_CHALLENGE);
        }
        char[] password = chars(response, 0, response.length);
        if (password == null) {
            return malformed("LOGIN password not UTF-8");
        }
        return new Credentials(user, password);
    }

    private static Failure malformed(String detail) {
        return new Failure(Reply.SYNTAX_ERROR_IN_PARAMETERS, detail);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] bytes, int from, int to) {
        char[] chars = chars(bytes, from, to);
        return chars == null ? null : new String(chars);
    }

    /** Strict UTF-8 into a fresh array, so that a password never becomes a String. */
    private static char[] chars(byte[] bytes, int from, int to) {
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from));
            char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(),
                    decoded.limit());
            Arrays.fill(decoded.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
