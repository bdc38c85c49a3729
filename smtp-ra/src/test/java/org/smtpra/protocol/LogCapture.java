package org.smtpra.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a logger of the adapter logs while a test runs, from any thread, at the
 * level it is given whatever other tests of the JVM set; {@link #close()} puts it back.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> thrown = new ArrayList<>();

    /** The engine's loggers, at every level. */
    LogCapture() {
        this("org.smtpra.protocol", Level.ALL);
    }

    /**
     * @param loggerName the logger, with those below it
     * @param level the level it logs at while the capture lasts
     */
    public LogCapture(String loggerName, Level level) {
        logger = Logger.getLogger(loggerName);
        before = logger.getLevel();
        logger.setLevel(level);
        logger.addHandler(this);
    }

    /** The messages logged so far, in order. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** The exceptions logged with their stack traces. */
    synchronized List<Throwable> thrown() {
        return List.copyOf(thrown);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        messages.add(record.getMessage());
        if (record.getThrown() != null) {
            thrown.add(record.getThrown());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }
}
