package org.smtpra.adapter;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.smtpra.api.Decision;
import org.smtpra.api.SmtpListener;

/**
 * One bean call delivered between {@code beforeDelivery} and {@code afterDelivery}
 * (Jakarta Connectors 13.5.6), so that the container's transaction, when the method has
 * one, is open on this thread around the call: a synchronization registered on it learns
 * whether it committed, and a message is acknowledged only when what the bean did with it
 * is durable.
 *
 * <p>This keeps the server's transaction as it would be without the adapter: a witness
 * enlisted as an {@code XAResource} ({@link TransactionOutcome}) tells the same, but makes
 * the transaction a distributed one, which on Payara takes its full JTS path at every call.
 *
 * <p>When the client was answered while the bean worked (its decision timed out) or left
 * (the session abandoned the call), the transaction is marked for rollback before it
 * completes: the client, which will send the message again, does not leave behind a copy it
 * was never told about.
 */
final class WatchedDelivery implements Synchronization {

    private final TransactionSynchronizationRegistry registry;
    private volatile int status = Status.STATUS_UNKNOWN;

    private WatchedDelivery(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Applies {@code call} to the endpoint as one delivery of {@code method}.
     *
     * @param answered true once the client has had a reply that the call can no longer
     *                 change
     * @return the bean's decision, which may be null when the bean returned none
     * @throws TransactionRolledBackException when the call's transaction rolled back
     * @throws ResourceException when the container refused the delivery or could not end it
     */
    static Decision deliver(MessageEndpoint endpoint, Method method,
            TransactionSynchronizationRegistry registry, BooleanSupplier answered,
            Function<SmtpListener, Decision> call) throws ResourceException {
        begin(endpoint, method);
        WatchedDelivery watch = new WatchedDelivery(registry);
        boolean transacted;
        boolean abandoned;
        Decision answer;
        try {
            transacted = watch.register();
            answer = call.apply((SmtpListener) endpoint);
            abandoned = transacted && answered.getAsBoolean();
            if (abandoned) {
                registry.setRollbackOnly();
            }
        } catch (RuntimeException | Error e) {
            // The delivery still ends, which rolls back its transaction.
            endAfterFailure(endpoint, e);
            throw e;
        }
        watch.end(endpoint, abandoned, method);
        if (transacted && watch.status != Status.STATUS_COMMITTED) {
            throw new TransactionRolledBackException("the bean's transaction for "
                    + method.getName() + " did not commit", abandoned);
        }
        return answer;
    }

    private static void begin(MessageEndpoint endpoint, Method method)
            throws ResourceException {
        try {
            endpoint.beforeDelivery(method);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(method + " is not the bean's", e);
        }
    }

    private static void endAfterFailure(MessageEndpoint endpoint, Throwable failure) {
        try {
            endpoint.afterDelivery();
        } catch (ResourceException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Ends the delivery, which completes its transaction. Payara reports a rollback that the
     * adapter asked for as a failed delivery: that failure is the rollback asked for.
     */
    private void end(MessageEndpoint endpoint, boolean abandoned, Method method)
            throws ResourceException {
        try {
            endpoint.afterDelivery();
        } catch (ResourceException | RuntimeException e) {
            if (!abandoned || status == Status.STATUS_COMMITTED) {
                throw e;
            }
            throw new TransactionRolledBackException("the bean's transaction for "
                    + method.getName() + " rolled back, as asked", e);
        }
    }

    /** Registers on the transaction of this thread, if the container began one. */
    private boolean register() {
        if (registry.getTransactionKey() == null) {
            return false;
        }
        registry.registerInterposedSynchronization(this);
        return true;
    }

    @Override
    public void beforeCompletion() {
    }

    @Override
    public void afterCompletion(int completion) {
        status = completion;
    }
}
