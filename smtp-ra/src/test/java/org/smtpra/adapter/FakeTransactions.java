package org.smtpra.adapter;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.smtpra.api.SmtpListener;

/**
 * A container of one endpoint: beforeDelivery begins a transaction when the delivery is
 * transacted, afterDelivery ends it, rolling back when told to or when marked so, and
 * tells the registered synchronization.
 */
final class FakeTransactions implements TransactionSynchronizationRegistry {
    final List<String> events = new ArrayList<>();
    boolean transacted = true;
    boolean rollBack;
    /** Fails the delivery when it rolls back because the adapter said so, as Payara does. */
    boolean failOnRollbackAsked;
    private Object transaction;
    private boolean rollbackOnly;
    private Synchronization synchronization;

    MessageEndpoint endpoint() {
        return (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, SmtpListener.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "beforeDelivery" -> begin((Method) args[0]);
                    case "afterDelivery" -> end();
                    default -> throw new AssertionError(method + " is not called here");
                });
    }

    Object begin(Method method) {
        events.add("begin " + method.getName());
        transaction = transacted ? new Object() : null;
        rollbackOnly = false;
        synchronization = null;
        return null;
    }

    Object end() {
        if (transaction == null) {
            events.add("ended");
            return null;
        }
        boolean committed = !rollBack && !rollbackOnly;
        events.add(committed ? "committed" : "rolled back");
        transaction = null;
        if (synchronization != null) {
            synchronization.afterCompletion(committed ? Status.STATUS_COMMITTED
                    : Status.STATUS_ROLLEDBACK);
        }
        if (rollbackOnly && failOnRollbackAsked) {
            throw new IllegalStateException("message-driven bean method system exception");
        }
        return null;
    }

    @Override
    public Object getTransactionKey() {
        return transaction;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        synchronization = sync;
    }

    @Override
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    @Override
    public boolean getRollbackOnly() {
        return rollbackOnly;
    }

    @Override
    public int getTransactionStatus() {
        return transaction == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
    }

    @Override
    public void putResource(Object key, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object getResource(Object key) {
        throw new UnsupportedOperationException();
    }
}
