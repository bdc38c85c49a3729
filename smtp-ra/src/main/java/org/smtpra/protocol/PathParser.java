package org.smtpra.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;

/**
 * Parses a reverse-path or forward-path by the grammar of RFC 5321 4.1.2, extended by
 * RFC 6531 3.3 for UTF-8 in local parts and domains when the transaction asked for SMTPUTF8.
 *
 * <p>A source route ({@code <@a.example,@b.example:user@c.example>}) is accepted and dropped,
 * as RFC 5321 C and 4.1.1.3 allow. Quoted local parts are kept as sent, quotes included. A
 * path that breaks the grammar gives 501; a mailbox with UTF-8 in a transaction without
 * SMTPUTF8 gives 553 "mailbox name not allowed" (RFC 6531 3.6.2).
 */
final class PathParser {

    /** RFC 5321 4.5.3.1.1. */
    static final int MAX_LOCAL_PART = 64;
    /** The bare reserved mailbox as RFC 5321 4.1.1.3 spells it. */
    private static final String POSTMASTER = "Postmaster";
    /** RFC 5321 4.5.3.1.2. */
    static final int MAX_DOMAIN = 255;
    /** RFC 5321 4.5.3.1.3, angle brackets included. */
    static final int MAX_PATH = 256;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private PathParser() {
    }

    /**
     * Parses the text between the angle brackets of a path.
     *
     * @param inner the path without its brackets; "" is the null path
     * @param utf8 whether the transaction allows UTF-8 (MAIL had SMTPUTF8)
     */
    static Path parse(String inner, boolean utf8) throws SyntaxException {
        if (inner.isEmpty()) {
            return Path.NULL;
        }
        if (octets(inner) + 2 > MAX_PATH) {
            throw syntax("path longer than " + MAX_PATH + " octets");
        }
        if (!utf8 && !isAscii(inner)) {
            throw new SyntaxException(Reply.MAILBOX_NAME_NOT_ALLOWED,
                    "UTF-8 address without SMTPUTF8");
        }
        String mailbox = withoutSourceRoute(inner);
        Path path = mailbox(mailbox, utf8);
        if (path.isPostmaster() && mailbox.length() != inner.length()) {
            // The bare <Postmaster> of RFC 5321 4.1.1.3 takes no source route.
            throw syntax("Postmaster without domain after a source route");
        }
        return path;
    }

    /** True for a Domain (RFC 5321 4.1.2), with U-labels allowed when {@code utf8}. */
    static boolean isDomain(String text, boolean utf8) {
        if (text.isEmpty() || octets(text) > MAX_DOMAIN) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!isSubDomain(label, utf8)) {
                return false;
            }
        }
        return true;
    }

    /** True for an address-literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    static boolean isAddressLiteral(String text) {
        return AddressLiteral.isValid(text);
    }

    private static String withoutSourceRoute(String inner) throws SyntaxException {
        if (inner.charAt(0) != '@') {
            return inner;
        }
        int colon = inner.indexOf(':');
        if (colon < 0) {
            throw syntax("source route without ':'");
        }
        for (String hop : inner.substring(0, colon).split(",", -1)) {
            if (hop.length() < 2 || hop.charAt(0) != '@' || !isDomain(hop.substring(1), true)) {
                throw syntax("malformed source route");
            }
        }
        return inner.substring(colon + 1);
    }

    private static Path mailbox(String text, boolean utf8) throws SyntaxException {
        if (text.isEmpty()) {
            throw syntax("empty mailbox");
        }
        int at = localPartEnd(text);
        String localPart = text.substring(0, at);
        if (at == text.length()) {
            if (isPostmaster(localPart)) {
                return new Path(POSTMASTER, "");
            }
            throw syntax("mailbox without '@'");
        }
        if (octets(localPart) > MAX_LOCAL_PART) {
            throw syntax("local part longer than " + MAX_LOCAL_PART + " octets");
        }
        String domain = text.substring(at + 1);
        if (!isDomain(domain, utf8) && !isAddressLiteral(domain)) {
            throw syntax("malformed domain");
        }
        String canonical = canonical(localPart);
        return new Path(isPostmaster(canonical) ? "postmaster" : canonical, domain);
    }

    /** The index of the '@' after the local part, or the text's length when there is none. */
    private static int localPartEnd(String text) throws SyntaxException {
        int end = text.charAt(0) == '"' ? quotedStringEnd(text) : dotStringEnd(text);
        if (end < text.length() && text.charAt(end) != '@') {
            throw syntax("malformed local part");
        }
        return end;
    }

    /**
     * RFC 5321 4.5.1 makes the reserved mailbox postmaster case-insensitive, unlike other
     * local parts: each spelling of it is the same recipient, kept in one form, so that
     * {@code <postmaster>} after {@code <POSTMASTER>} is a duplicate.
     */
    private static boolean isPostmaster(String localPart) {
        return "postmaster".equals(localPart.toLowerCase(Locale.ROOT));
    }

    /**
     * A local part with the least quoting it needs. RFC 5321 4.1.2 asks senders for exactly
     * that and forbids mailboxes that need quoting to be told apart from ones that do not,
     * so {@code "john"} and {@code "jo\hn"} are the mailbox {@code john}: a
     * listener that compares local parts must not be fooled by quotes.
     */
    static String canonical(String localPart) {
        if (localPart.isEmpty() || localPart.charAt(0) != '"') {
            return localPart;
        }
        StringBuilder content = new StringBuilder(localPart.length());
        for (int i = 1; i < localPart.length() - 1; i++) {
            char c = localPart.charAt(i);
            content.append(c == '\\' ? localPart.charAt(++i) : c);
        }
        String text = content.toString();
        if (isDotString(text)) {
            return text;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean isDotString(String text) {
        try {
            return !text.isEmpty() && dotStringEnd(text + "@") == text.length();
        } catch (SyntaxException e) {
            return false;
        }
    }

    private static int quotedStringEnd(String text) throws SyntaxException {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
                if (i == text.length() || !isQuotedPairChar(text.charAt(i))) {
                    throw syntax("malformed quoted pair");
                }
            } else if (c == '"') {
                return i + 1;
            } else if (!isQtext(c)) {
                throw syntax("character not allowed in a quoted string");
            }
        }
        throw syntax("unterminated quoted string");
    }

    private static int dotStringEnd(String text) throws SyntaxException {
        int i = 0;
        boolean atomStart = true;
        for (; i < text.length() && text.charAt(i) != '@'; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    throw syntax("empty atom in local part");
                }
                atomStart = true;
            } else if (isAtext(c)) {
                atomStart = false;
            } else {
                throw syntax("character not allowed in a local part");
            }
        }
        if (atomStart) {
            throw syntax("local part empty or ending in '.'");
        }
        return i;
    }

    private static boolean isSubDomain(String label, boolean utf8) {
        int n = label.length();
        if (n == 0 || n > 63 || label.charAt(0) == '-' || label.charAt(n - 1) == '-') {
            return false;
        }
        return label.codePoints().allMatch(c -> c < 0x80
                ? isAsciiLetterOrDigit(c) || c == '-'
                : utf8 && Character.isLetterOrDigit(c));
    }

    /** atext of RFC 5322 3.2.3, plus any non-ASCII character (RFC 6531 3.3). */
    private static boolean isAtext(char c) {
        if (c >= 0x80) {
            return !Character.isISOControl(c) && !Character.isWhitespace(c);
        }
        return isAsciiLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    /** qtextSMTP of RFC 5321 4.1.2: printable ASCII but '"' and '\', and UTF-8 by 6531. */
    private static boolean isQtext(char c) {
        if (c >= 0x80) {
            return !Character.isISOControl(c);
        }
        return c >= 32 && c <= 126 && c != '"' && c != '\\';
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isQuotedPairChar(char c) {
        return c >= 32 && c <= 126;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int octets(String text) {
        return isAscii(text) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static SyntaxException syntax(String detail) {
        return new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, detail);
    }
}
