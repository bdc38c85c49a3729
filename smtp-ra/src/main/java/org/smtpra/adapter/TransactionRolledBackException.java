package org.smtpra.adapter;

/**
 * The bean returned, but its container transaction rolled back (setRollbackOnly, or a
 * failure at commit): nothing it did is durable, so its decision must not be acted on.
 */
final class TransactionRolledBackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TransactionRolledBackException(String message) {
        super(message);
    }
}
