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

    /**
     * @param cause how the container reported the rollback: a failure of the delivery, after
     *              which the endpoint is not to be used again
     */
    TransactionRolledBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
