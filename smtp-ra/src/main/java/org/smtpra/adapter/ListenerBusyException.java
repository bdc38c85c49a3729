package org.smtpra.adapter;

/**
 * A listener has as many bean calls under way as it may: the client gets a temporary
 * failure at once rather than a place in a queue behind a pool that is not answering.
 */
final class ListenerBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ListenerBusyException(String message) {
        super(message, null, false, false);
    }
}
