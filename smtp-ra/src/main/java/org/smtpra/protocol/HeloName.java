package org.smtpra.protocol;

import java.util.regex.Pattern;

/**
 * The argument of HELO and EHLO. RFC 5321 4.1.1.1 asks for a domain or an address literal;
 * this check is a little wider and also takes names with underscores, which many hosts on
 * private networks still send, because refusing a greeting loses mail for no safety gain.
 * Anything with spaces, controls or other punctuation is refused with 501.
 */
final class HeloName {

    private static final Pattern LENIENT = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private HeloName() {
    }

    static boolean isValid(String name) {
        if (name.length() > PathParser.MAX_DOMAIN) {
            return false;
        }
        return PathParser.isAddressLiteral(name) || LENIENT.matcher(name).matches();
    }
}
