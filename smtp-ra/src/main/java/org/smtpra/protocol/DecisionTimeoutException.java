package org.smtpra.protocol;

import java.util.concurrent.TimeoutException;

/** A listener or the security realm took longer than the listener's decision timeout. */
final class DecisionTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    DecisionTimeoutException(String message) {
        super(message);
    }
}
