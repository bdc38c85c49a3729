package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's log while a test runs: a java.util.logging handler on the root logger of the
 * JVM that embedded Payara shares with the tests, so that it sees every record of every
 * logger, the adapter's and the server's. The adapter's lines name their session ("session
 * 3f2a...0001 opened: ..."), so the lines can be counted per session.
 */
final class ServerLog implements AutoCloseable {

    private static final Pattern SESSION = Pattern.compile("\\bsession ([0-9a-f]+)\\b");
    private static final String ADAPTER = "org.smtpra";

    private final Logger root;
    /** The level the captured logger had, given back at {@link #close()}. */
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private ServerLog(String logger, Level level) {
        root = Logger.getLogger(logger);
        previousLevel = root.getLevel();
        if (level != null) {
            root.setLevel(level);
        }
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** Starts capturing. */
    static ServerLog capture() {
        return new ServerLog("", null);
    }

    /**
     * Starts capturing the adapter's records from INFO up, which the tests' logging
     * configuration otherwise leaves out.
     */
    static ServerLog captureAdapter() {
        return new ServerLog(ADAPTER, Level.INFO);
    }

    /** Every record so far. */
    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** The adapter's lines, formatted, in the order they came. */
    List<String> adapterLines() {
        List<String> lines = new ArrayList<>();
        for (LogRecord record : records()) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith(ADAPTER)) {
                lines.add(formatter.formatMessage(record));
            }
        }
        return lines;
    }

    /** The adapter's lines, by session id, in the order they came. */
    Map<String, List<String>> sessions() {
        Map<String, List<String>> sessions = new LinkedHashMap<>();
        for (LogRecord record : records()) {
            if (record.getLoggerName() == null || !record.getLoggerName().startsWith(ADAPTER)) {
                continue;
            }
            String message = formatter.formatMessage(record);
            Matcher session = SESSION.matcher(message);
            if (session.find()) {
                sessions.computeIfAbsent(session.group(1), id -> new ArrayList<>())
                        .add(message);
            }
        }
        return sessions;
    }

    /** Waits until every session that opened has logged its close. */
    void awaitSessionsClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allClosed()) {
            if (System.nanoTime() - deadline > 0) {
                fail("sessions still open: " + sessions());
            }
            Thread.sleep(50);
        }
    }

    private boolean allClosed() {
        return sessions().values().stream().allMatch(lines ->
                lines.stream().anyMatch(line -> line.contains(" closed: ")));
    }

    /**
     * Asserts that hostile clients left the log quiet: no record above INFO and no stack
     * trace from any logger, and at most {@code maxLines} lines for any session.
     */
    void assertQuiet(int maxLines) {
        for (LogRecord record : records()) {
            boolean loud = record.getLevel().intValue() > Level.INFO.intValue()
                    || record.getThrown() != null;
            assertTrue(!loud, () -> record.getLevel() + " from " + record.getLoggerName()
                    + ": " + formatter.formatMessage(record)
                    + (record.getThrown() == null ? "" : " with " + record.getThrown()));
        }
        sessions().forEach((id, lines) -> assertTrue(lines.size() <= maxLines,
                () -> "session " + id + " logged " + lines.size() + " lines: " + lines));
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
    }
}
