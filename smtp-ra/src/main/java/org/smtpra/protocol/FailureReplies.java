package org.smtpra.protocol;

import java.sql.SQLException;
import org.smtpra.api.Reply;

/**
 * The temporary failure a client gets when its listener could not decide: each kind of
 * failure has its catalog entry, so that the reply and the log say what went wrong, and
 * every one is a 4yz so that the client keeps its message and tries again (RFC 5321 4.2.5).
 */
final class FailureReplies {

    private static final String PERSISTENCE_EXCEPTION = "jakarta.persistence.PersistenceException";
    private static final int MAX_CAUSES = 20;

    private FailureReplies() {
    }

    /** The reply for a listener that failed at this stage with this cause. */
    static Reply forFailure(Stage stage, Throwable failure) {
        if (stage == Stage.CONNECT) {
            // Before the greeting only 421 or 554 may be said (RFC 5321 3.1).
            return Reply.SERVICE_NOT_AVAILABLE;
        }
        Reply specific = specific(failure);
        if (specific != null) {
            return specific;
        }
        return stage == Stage.DATA ? Reply.QUEUE_FAILED : Reply.PROCESSING_ERROR;
    }

    private static Reply specific(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
            if (cause instanceof OutOfMemoryError) {
                return Reply.OUT_OF_MEMORY;
            }
            if (cause instanceof DecisionTimeoutException) {
                return Reply.TIMEOUT;
            }
            if (cause instanceof SQLException || isPersistenceException(cause.getClass())) {
                return Reply.DATABASE_INACCESSIBLE;
            }
            if (isDiskFull(cause)) {
                return Reply.INSUFFICIENT_STORAGE;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }

    /** By name, so that the engine does not need Jakarta Persistence to run. */
    private static boolean isPersistenceException(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(PERSISTENCE_EXCEPTION)) {
                return true;
            }
        }
        return false;
    }

    /** ENOSPC reaches Java only as the text of an I/O exception. */
    private static boolean isDiskFull(Throwable cause) {
        return cause instanceof java.io.IOException && cause.getMessage() != null
                && cause.getMessage().contains("No space left on device");
    }
}
