package org.smtpra.api;

import java.util.Locale;

/**
 * A reverse-path or forward-path of the envelope (RFC 5321 4.1.2), with any source route
 * already dropped: a mailbox made of a local part and a domain.
 *
 * <p>The local part is kept as the client sent it, quotes included, because RFC 5321 2.4
 * lets only the destination host interpret it. The null reverse-path {@code <>} of delivery
 * status notifications is {@link #NULL}; the special recipient {@code <Postmaster>} without a
 * domain has an empty domain and answers true to {@link #isPostmaster()}.
 *
 * @param localPart the local part, for example {@code "john.doe"} or {@code "\"john doe\""}
 * @param domain the domain or address literal, for example {@code "example.com"} or
 *               {@code "[192.0.2.1]"}; empty for the null path and the bare Postmaster
 */
public record Path(String localPart, String domain) {

    /** The null reverse-path {@code <>}. */
    public static final Path NULL = new Path("", "");

    public Path {
        if (localPart == null || domain == null) {
            throw new IllegalArgumentException("local part and domain must not be null");
        }
    }

    /** True for the null reverse-path {@code <>}. */
    public boolean isNull() {
        return localPart.isEmpty() && domain.isEmpty();
    }

    /** True for {@code <Postmaster>} without a domain (RFC 5321 4.1.1.3), in any case. */
    public boolean isPostmaster() {
        return domain.isEmpty() && "postmaster".equals(localPart.toLowerCase(Locale.ROOT));
    }

    /** The mailbox as text without brackets: {@code local@domain}, or "" for the null path. */
    public String address() {
        if (domain.isEmpty()) {
            return localPart;
        }
        return localPart + "@" + domain;
    }

    /** The path as it appears in a command, with its angle brackets. */
    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
