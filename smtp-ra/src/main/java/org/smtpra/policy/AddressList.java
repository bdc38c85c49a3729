package org.smtpra.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.smtpra.api.Path;

/**
 * A list of mail addresses and domains to match envelope paths or HELO names against. Each
 * entry is one of:
 * <ul>
 *   <li>{@code user@example.com}: that mailbox;</li>
 *   <li>{@code example.com} or {@code @example.com}: every mailbox of that domain;</li>
 *   <li>{@code .example.com}: every mailbox of its subdomains, not of the domain itself;</li>
 *   <li>{@code <>}: the null reverse-path.</li>
 * </ul>
 * Matching ignores case, in local parts too: blocking {@code Spam@x} must also block
 * {@code spam@x}, whatever RFC 5321 lets the destination host decide for delivery.
 */
public final class AddressList {

    private static final AddressList EMPTY = new AddressList(Set.of(), Set.of(), List.of(),
            false);

    private final Set<String> mailboxes;
    private final Set<String> domains;
    private final List<String> subdomainSuffixes;
    private final boolean nullPath;

    private AddressList(Set<String> mailboxes, Set<String> domains,
            List<String> subdomainSuffixes, boolean nullPath) {
        this.mailboxes = mailboxes;
        this.domains = domains;
        this.subdomainSuffixes = subdomainSuffixes;
        this.nullPath = nullPath;
    }

    /** The list that matches nothing. */
    public static AddressList empty() {
        return EMPTY;
    }

    /** A list of these entries; blank entries are skipped. */
    public static AddressList of(List<String> entries) {
        Set<String> mailboxes = new HashSet<>();
        Set<String> domains = new HashSet<>();
        Set<String> suffixes = new HashSet<>();
        boolean nullPath = false;
        for (String raw : entries) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("<>")) {
                nullPath = true;
            } else if (entry.startsWith(".")) {
                suffixes.add(entry);
            } else if (entry.startsWith("@")) {
                domains.add(entry.substring(1));
            } else if (entry.contains("@")) {
                mailboxes.add(entry);
            } else {
                domains.add(entry);
            }
        }
        return new AddressList(Set.copyOf(mailboxes), Set.copyOf(domains),
                List.copyOf(suffixes), nullPath);
    }

    /** True when the list has no entry. */
    public boolean isEmpty() {
        return mailboxes.isEmpty() && domains.isEmpty() && subdomainSuffixes.isEmpty()
                && !nullPath;
    }

    /** True when the path, or its domain, is on the list. */
    public boolean matches(Path path) {
        if (path.isNull()) {
            return nullPath;
        }
        String domain = path.domain().toLowerCase(Locale.ROOT);
        return mailboxes.contains(path.localPart().toLowerCase(Locale.ROOT) + "@" + domain)
                || matchesDomain(domain);
    }

    /** True when the domain is on the list, as a domain or under a subdomain entry. */
    public boolean matchesDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        if (domains.contains(lower)) {
            return true;
        }
        for (String suffix : subdomainSuffixes) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
