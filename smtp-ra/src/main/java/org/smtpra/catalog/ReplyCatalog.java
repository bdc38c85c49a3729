package org.smtpra.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpra.api.Reply;

/**
 * The reply catalog: for every {@link Reply} its SMTP code and text.
 *
 * <p>The defaults come from two resources beside this class: {@code smtp-reply-catalog.txt},
 * the catalog as published, and {@code smtp-reply-additions.txt}, the replies RFCs require
 * that it lacks. Each line is an id, white space, a three-digit code, a space and the text.
 * An administrator may override the text, and the code within its class, of any entry with
 * lines of the same form; a code of another class is refused, because a decision to accept
 * must never turn into a rejection, nor the reverse.
 *
 * <p>Instances are immutable and safe to share between sessions.
 */
public final class ReplyCatalog {

    private static final Pattern LINE = Pattern.compile("(\\d{7})\\s+(\\d{3}) (.*)");
    private static final int MAX_TEXT_LENGTH = 400;
    private static volatile ReplyCatalog defaults;

    private final Map<Reply, Entry> entries;

    /** One catalog entry: the reply code and its text with placeholders. */
    public record Entry(int code, String text) {
    }

    private ReplyCatalog(Map<Reply, Entry> entries) {
        this.entries = entries;
    }

    /** The catalog as shipped, loaded once from the resources. */
    public static ReplyCatalog defaults() {
        ReplyCatalog catalog = defaults;
        if (catalog == null) {
            catalog = loadDefaults();
            defaults = catalog;
        }
        return catalog;
    }

    /**
     * This catalog with some entries changed.
     *
     * @param overrides lines of the catalog's form; blank lines and lines starting with '#'
     *                  are skipped
     * @throws IllegalArgumentException for a line that is malformed, names no entry, or
     *                                  changes the class of a code
     */
    public ReplyCatalog withOverrides(Reader overrides) throws IOException {
        Map<Reply, Entry> changed = new EnumMap<>(entries);
        readInto(changed, overrides, true);
        return new ReplyCatalog(changed);
    }

    /** The entry for this reply. */
    public Entry entry(Reply reply) {
        return entries.get(reply);
    }

    /** The reply code, such as 550. */
    public int code(Reply reply) {
        return entries.get(reply).code();
    }

    /** A formatter that fills {@code <domain>} with this server name. */
    public ReplyFormatter formatter(String serverName) {
        return new ReplyFormatter(this, serverName);
    }

    private static ReplyCatalog loadDefaults() {
        Map<Reply, Entry> entries = new EnumMap<>(Reply.class);
        try {
            readResource(entries, "smtp-reply-catalog.txt");
            readResource(entries, "smtp-reply-additions.txt");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reply catalog", e);
        }
        for (Reply reply : Reply.values()) {
            if (!entries.containsKey(reply)) {
                throw new IllegalStateException("the reply catalog has no entry " + reply.id());
            }
        }
        return new ReplyCatalog(entries);
    }

    private static void readResource(Map<Reply, Entry> entries, String name) throws IOException {
        try (InputStream in = ReplyCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            readInto(entries, new InputStreamReader(in, StandardCharsets.UTF_8), false);
        }
    }

    private static void readInto(Map<Reply, Entry> entries, Reader source, boolean override)
            throws IOException {
        BufferedReader reader = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(trimmed);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + number + " is not 'id code text': "
                        + trimmed);
            }
            Reply reply = Reply.byId(Integer.parseInt(m.group(1)));
            Entry entry = checked(reply, Integer.parseInt(m.group(2)), m.group(3), number);
            if (override && !entries.containsKey(reply)) {
                throw new IllegalArgumentException("line " + number + " names no entry");
            }
            entries.put(reply, entry);
        }
    }

    private static Entry checked(Reply reply, int code, String text, int line) {
        if (code / 100 != reply.replyClass()) {
            throw new IllegalArgumentException("line " + line + ": code " + code
                    + " is not of class " + reply.replyClass() + " like entry " + reply.id());
        }
        if (text.length() > MAX_TEXT_LENGTH || !isPrintableAscii(text)) {
            throw new IllegalArgumentException("line " + line + ": the text must be printable "
                    + "US-ASCII of at most " + MAX_TEXT_LENGTH + " characters");
        }
        return new Entry(code, text);
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
