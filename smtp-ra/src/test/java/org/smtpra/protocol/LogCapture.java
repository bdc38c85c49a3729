package org.smtpra.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the engine logs while a test runs, at every level. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.smtpra.protocol");
    private final Level before = logger.getLevel();
    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> thrown = new ArrayList<>();

    LogCapture() {
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    synchronized List<String> messages() {
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
