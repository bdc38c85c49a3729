package org.smtpra.protocol;

/**
 * The address-literal of RFC 5321 4.1.3, by its grammar: {@code [192.0.2.1]} or
 * {@code [IPv6:2001:db8::1]}.
 *
 * <p>A General-address-literal needs a Standardized-tag registered with IANA, and none is,
 * so every other form is refused. The IPv6 forms are checked group by group rather than by
 * an IP library, because the grammar is narrower than what IP parsers take: at most four
 * hex digits a group, at most six groups beside "::", at most four beside "::" when an IPv4
 * address ends it.
 */
final class AddressLiteral {

    private static final String IPV6_TAG = "IPv6:";

    private AddressLiteral() {
    }

    /** True for a complete address-literal, brackets included. */
    static boolean isValid(String text) {
        if (text.length() < 3 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return false;
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, IPV6_TAG, 0, IPV6_TAG.length())) {
            return isIpv6(inner.substring(IPV6_TAG.length()));
        }
        return isIpv4(inner);
    }

    /** IPv4-address-literal: four Snum, each 1*3DIGIT worth 0 to 255. */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6-full, IPv6-comp, IPv6v4-full or IPv6v4-comp. */
    private static boolean isIpv6(String text) {
        int lastColon = text.lastIndexOf(':');
        boolean v4 = text.indexOf('.') > lastColon && lastColon >= 0;
        if (v4 && !isIpv4(text.substring(lastColon + 1))) {
            return false;
        }
        String groups = v4 ? text.substring(0, lastColon + 1) : text;
        int full = v4 ? 6 : 8;
        int compressed = v4 ? 4 : 6;
        int gap = groups.indexOf("::");
        if (gap < 0) {
            String head = v4 ? groups.substring(0, groups.length() - 1) : groups;
            return countGroups(head) == full;
        }
        if (groups.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String before = groups.substring(0, gap);
        String after = groups.substring(gap + 2);
        if (v4 && !after.isEmpty()) {
            after = after.substring(0, after.length() - 1);
        }
        int left = countOptional(before);
        int right = countOptional(after);
        return left >= 0 && right >= 0 && left + right <= compressed;
    }

    /** The number of groups in a part beside "::", which may be empty; -1 when malformed. */
    private static int countOptional(String part) {
        return part.isEmpty() ? 0 : countGroups(part);
    }

    /** The number of IPv6-hex groups separated by single colons; -1 when malformed. */
    private static int countGroups(String part) {
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(
                    c -> Character.digit(c, 16) >= 0)) {
                return -1;
            }
        }
        return groups.length;
    }
}
