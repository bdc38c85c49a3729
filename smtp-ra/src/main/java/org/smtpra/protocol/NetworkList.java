package org.smtpra.protocol;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of client networks in CIDR notation, IPv4 and IPv6, such as
 * {@code "127.0.0.0/8, ::1/128, 192.0.2.0/24"}. Parsing and matching are left to the
 * IPAddress library. An IPv4-mapped IPv6 client address matches the IPv4 networks.
 */
public final class NetworkList {

    private final List<IPAddress> networks;
    private final String text;

    private NetworkList(List<IPAddress> networks, String text) {
        this.networks = List.copyOf(networks);
        this.text = text;
    }

    /**
     * Parses a list separated by commas or white space; an empty text gives an empty list.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or network
     */
    public static NetworkList parse(String text) {
        List<IPAddress> networks = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                networks.add(parseEntry(entry));
            }
        }
        return new NetworkList(networks, text.trim());
    }

    /** A list of these entries, each an address or a CIDR network. */
    public static NetworkList of(List<String> entries) {
        return parse(String.join(",", entries));
    }

    /** True when the address lies in one of the networks. */
    public boolean contains(InetAddress address) {
        // From the address's octets: parsing its text costs more than the matching, and this
        // runs for every MAIL and RCPT.
        IPAddress candidate = unmapped(new IPAddressGenerator().from(address));
        for (IPAddress network : networks) {
            if (network.contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static IPAddress parseEntry(String entry) {
        try {
            return new IPAddressString(entry).toAddress().toPrefixBlock();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("not an IP address or CIDR network: " + entry, e);
        }
    }

    private static IPAddress unmapped(IPAddress address) {
        if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
            return address.toIPv6().getEmbeddedIPv4Address();
        }
        return address;
    }
}
