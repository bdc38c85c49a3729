package org.smtpra.adapter;

/**
 * The bean returned, but its container transaction rolled back (setRollbackOnly, or a
 * failure at commit): nothing it did is durable, so its decision must not be acted on.
 */
final class TransactionRolledBackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The adapter marked the transaction, as the call's client was answered or left. */
    private final boolean asked;

    /**
     * @param asked whether the adapter marked the transaction for rollback itself
     */
    TransactionRolledBackException(String message, boolean asked) {
        super(message);
        this.asked = asked;
    }

    /**
     * A rollback the adapter asked for, which the container reported as a failure of the
     * delivery: the endpoint is not to be used again.
     */
    TransactionRolledBackException(String message, Throwable cause) {
        super(message, cause);
        this.asked = true;
    }

    /** True when the adapter asked for the rollback; false when the bean or server did. */
    boolean asked() {
        return asked;
    }
}
