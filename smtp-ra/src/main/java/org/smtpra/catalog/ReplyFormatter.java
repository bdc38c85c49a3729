package org.smtpra.catalog;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.smtpra.api.Reply;

/**
 * Turns catalog entries into reply lines on the wire for one server name.
 *
 * <p>A line is the code, the enhanced status code when asked for (RFC 2034), and the text
 * with its placeholders filled. {@code <domain>} is the server name; {@code <remote_ip>} is
 * the client's address; the address placeholders ({@code <email_addr>},
 * {@code <forward-path>} (in angle brackets, as a Path), {@code <relay_address>},
 * {@code <revserse_address>} (sic) and {@code <forward-address>}) take the address the
 * reply is about. Whatever comes from the
 * client is sanitized first: control characters, non-ASCII and angle brackets become '?', and
 * it is cut to {@value #MAX_ARGUMENT} characters, so a client can neither end a reply line
 * early nor make one of unbounded length.
 *
 * <p>Lines without client input are computed once and shared.
 */
public final class ReplyFormatter {

    static final int MAX_ARGUMENT = 256;
    private static final String FORWARD_PATH = "<forward-path>";
    private static final String[] ADDRESS_PLACEHOLDERS = {"<email_addr>", FORWARD_PATH,
        "<relay_address>", "<revserse_address>", "<forward-address>"};

    private final ReplyCatalog catalog;
    private final String serverName;
    private final Map<Reply, byte[]> plain = new EnumMap<>(Reply.class);
    private final Map<Reply, byte[]> enhanced = new EnumMap<>(Reply.class);

    ReplyFormatter(ReplyCatalog catalog, String serverName) {
        this.catalog = catalog;
        this.serverName = sanitize(serverName);
        for (Reply reply : Reply.values()) {
            if (!hasClientPlaceholder(catalog.entry(reply).text())) {
                plain.put(reply, encode(line(reply, false, null, null)));
                enhanced.put(reply, encode(line(reply, true, null, null)));
            }
        }
    }

    /** The reply code of an entry. */
    public int code(Reply reply) {
        return catalog.code(reply);
    }

    /**
     * One reply line with its CRLF, as bytes for the wire.
     *
     * @param withEnhancedCode whether to put the RFC 3463 code after the reply code; ignored
     *                         for 3yz entries, which have none
     * @param remoteIp fills {@code <remote_ip>}; may be null when the text has none
     * @param address fills the address placeholders; may be null when the text has none
     */
    public byte[] format(Reply reply, boolean withEnhancedCode, String remoteIp, String address) {
        byte[] cached = (withEnhancedCode ? enhanced : plain).get(reply);
        if (cached != null) {
            return cached;
        }
        return encode(line(reply, withEnhancedCode, remoteIp, address));
    }

    /**
     * A multi-line reply (RFC 5321 4.2.1): the entry's line first, then one line for each
     * further text, all with the entry's code, "-" after the code on every line but the
     * last. Used for the EHLO reply, whose further lines are the extension keywords.
     */
    public byte[] formatMultiline(Reply first, String remoteIp, List<String> more) {
        String head = line(first, false, remoteIp, null);
        if (more.isEmpty()) {
            return encode(head);
        }
        String code = head.substring(0, 3);
        StringBuilder out = new StringBuilder(head.length() + 16 * more.size());
        out.append(code).append('-').append(head, 4, head.length()).append("\r\n");
        for (int i = 0; i < more.size(); i++) {
            char separator = i == more.size() - 1 ? ' ' : '-';
            out.append(code).append(separator).append(sanitize(more.get(i))).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The reply line without its CRLF, for logs and tests. */
    public String line(Reply reply, boolean withEnhancedCode, String remoteIp, String address) {
        ReplyCatalog.Entry entry = catalog.entry(reply);
        String text = fill(entry.text(), remoteIp, address);
        StringBuilder line = new StringBuilder(text.length() + 12);
        line.append(entry.code()).append(' ');
        if (withEnhancedCode && reply.enhancedCode() != null) {
            line.append(enhancedCode(reply, entry.code())).append(' ');
        }
        return line.append(text).toString();
    }

    private String fill(String text, String remoteIp, String address) {
        if (text.indexOf('<') < 0) {
            return text;
        }
        String filled = text.replace("<domain>", serverName);
        if (remoteIp != null) {
            filled = filled.replace("<remote_ip>", sanitize(remoteIp));
        }
        if (address != null) {
            String safe = sanitize(address);
            // A forward-path is a Path of RFC 5321 4.1.2, which has its angle brackets.
            filled = filled.replace(FORWARD_PATH, "<" + safe + ">");
            for (String placeholder : ADDRESS_PLACEHOLDERS) {
                filled = filled.replace(placeholder, safe);
            }
        }
        return filled;
    }

    /**
     * The enhanced code for an entry whose code an administrator may have moved within its
     * class; the class digit always follows the reply code (RFC 3463 section 2).
     */
    private static String enhancedCode(Reply reply, int code) {
        String detail = reply.enhancedCode();
        return (code / 100) + detail.substring(1);
    }

    private static boolean hasClientPlaceholder(String text) {
        if (text.contains("<remote_ip>")) {
            return true;
        }
        for (String placeholder : ADDRESS_PLACEHOLDERS) {
            if (text.contains(placeholder)) {
                return true;
            }
        }
        return false;
    }

    /** Client input made safe for a reply line: printable ASCII, no brackets, bounded. */
    static String sanitize(String value) {
        int length = Math.min(value.length(), MAX_ARGUMENT);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean safe = c >= 0x20 && c <= 0x7e && c != '<' && c != '>';
            out.append(safe ? c : '?');
        }
        return out.toString();
    }

    private static byte[] encode(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
