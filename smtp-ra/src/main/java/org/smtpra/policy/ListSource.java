package org.smtpra.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A list built from a setting and, for lists too large for a setting, a file with one entry
 * a line ('#' starts a comment). The file is read again when it changes: its modification
 * time is looked at most once every {@link #CHECK_INTERVAL_NANOS} nanoseconds, on the
 * thread that asks, so an administrator's edit takes effect within seconds and without a
 * restart.
 *
 * <p>A file that cannot be read when the listener starts is a configuration error
 * ({@link #load} throws). One that becomes unreadable later keeps the last list read, with
 * a warning in the log, rather than leaving the server open or closed to all.
 *
 * @param <T> the parsed list, such as {@link AddressList}
 */
public final class ListSource<T> {

    /** Two seconds. */
    static final long CHECK_INTERVAL_NANOS = 2_000_000_000L;
    private static final Logger LOG = Logger.getLogger(ListSource.class.getName());

    private final String name;
    private final List<String> settingEntries;
    private final Path file;
    private final Function<List<String>, T> parser;
    private final LongSupplier clock;
    private volatile T current;
    private volatile FileTime fileTime;
    private volatile long nextCheck;

    private ListSource(String name, List<String> settingEntries, Path file,
            Function<List<String>, T> parser, LongSupplier clock) {
        this.name = name;
        this.settingEntries = settingEntries;
        this.file = file;
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * Reads the list once.
     *
     * @param name the setting's name, for log lines
     * @param setting the entries of the setting, separated by commas or white space
     * @param file the file, or null for a setting alone
     * @throws IOException when the file cannot be read
     */
    public static <T> ListSource<T> load(String name, String setting, Path file,
            Function<List<String>, T> parser) throws IOException {
        return load(name, setting, file, parser, System::nanoTime);
    }

    static <T> ListSource<T> load(String name, String setting, Path file,
            Function<List<String>, T> parser, LongSupplier clock) throws IOException {
        List<String> entries = setting == null || setting.isBlank() ? List.of()
                : Arrays.asList(setting.strip().split("[,\\s]+"));
        ListSource<T> source = new ListSource<>(name, List.copyOf(entries), file, parser,
                clock);
        source.read();
        return source;
    }

    /** A source of a fixed list, for settings without a file. */
    public static <T> ListSource<T> fixed(T list) {
        ListSource<T> source = new ListSource<>("fixed", List.of(), null, e -> list,
                () -> 0L);
        source.current = list;
        return source;
    }

    /** The list as it stands, read again first if the file changed. */
    public T current() {
        if (file != null && clock.getAsLong() - nextCheck >= 0) {
            refresh();
        }
        return current;
    }

    private synchronized void refresh() {
        long now = clock.getAsLong();
        if (now - nextCheck < 0) {
            return;
        }
        nextCheck = now + CHECK_INTERVAL_NANOS;
        try {
            if (!Files.getLastModifiedTime(file).equals(fileTime)) {
                read();
                LOG.info(() -> name + ": read " + file + " again after a change");
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, e, () -> name + ": cannot read " + file
                    + ", keeping the list read before");
        }
    }

    private void read() throws IOException {
        List<String> entries = new ArrayList<>(settingEntries);
        if (file != null) {
            FileTime time = Files.getLastModifiedTime(file);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int comment = line.indexOf('#');
                String entry = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
            fileTime = time;
            nextCheck = clock.getAsLong() + CHECK_INTERVAL_NANOS;
        }
        current = parser.apply(entries);
    }
}
