package org.smtpra.protocol;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;

/**
 * The argument of MAIL or RCPT split into its parts (RFC 5321 4.1.1.2, 4.1.1.3):
 * {@code FROM:<path> KEY=value KEY}. The path text stays unparsed here, because whether it may
 * hold UTF-8 depends on a parameter after it.
 *
 * @param pathText the path between its angle brackets
 * @param parameters the parameters by upper-case keyword, "" for a keyword without value
 */
record PathArgument(String pathText, Map<String, String> parameters) {

    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    /**
     * Splits {@code argument}, which must start with {@code prefix} ("FROM:" or "TO:") in any
     * case. Spaces between the colon and the path are tolerated, as most servers do, though
     * the grammar has none.
     */
    static PathArgument split(String argument, String prefix) throws SyntaxException {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw syntax("argument does not start with " + prefix);
        }
        int start = prefix.length();
        while (start < argument.length() && argument.charAt(start) == ' ') {
            start++;
        }
        if (start == argument.length() || argument.charAt(start) != '<') {
            throw syntax("path not in angle brackets");
        }
        int end = closingBracket(argument, start);
        String rest = argument.substring(end + 1);
        return new PathArgument(argument.substring(start + 1, end), parameters(rest));
    }

    /** The path, parsed now that the caller knows whether UTF-8 is allowed. */
    Path path(boolean utf8) throws SyntaxException {
        return PathParser.parse(pathText, utf8);
    }

    /** The index of the '>' that closes the path, skipping any inside a quoted local part. */
    private static int closingBracket(String text, int open) throws SyntaxException {
        boolean quoted = false;
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        throw syntax("path without closing '>'");
    }

    private static Map<String, String> parameters(String text) throws SyntaxException {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return parameters;
        }
        if (text.charAt(0) != ' ') {
            throw syntax("no space between path and parameters");
        }
        for (String parameter : text.trim().split(" +")) {
            int equals = parameter.indexOf('=');
            String keyword = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            checkParameter(keyword, value, equals >= 0);
            String key = keyword.toUpperCase(Locale.ROOT);
            if (parameters.put(key, value) != null) {
                throw syntax("parameter " + key + " given twice");
            }
        }
        return parameters;
    }

    /** esmtp-keyword and esmtp-value of RFC 5321 4.1.2. */
    private static void checkParameter(String keyword, String value, boolean hasValue)
            throws SyntaxException {
        if (!KEYWORD.matcher(keyword).matches()) {
            throw syntax("malformed parameter keyword");
        }
        if (hasValue && value.isEmpty()) {
            throw syntax("empty parameter value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 6531 3.3 lets values carry UTF-8; each parameter's own check decides more.
            if (c < 33 || c == 127 || c == '=') {
                throw syntax("character not allowed in a parameter value");
            }
        }
    }

    private static SyntaxException syntax(String detail) {
        return new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, detail);
    }
}
