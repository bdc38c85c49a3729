package org.smtpra.adapter;

import java.util.function.BooleanSupplier;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A witness of the bean's container transaction, passed to {@code createEndpoint} so that
 * the container enlists it when it delivers inside a transaction (Jakarta Connectors 13.5),
 * on a server that offers no {@code TransactionSynchronizationRegistry} to the adapter
 * (where it does, {@link WatchedDelivery} learns the same without making the transaction a
 * distributed one).
 * It holds nothing of its own; it records whether the transaction committed or rolled back,
 * so that a message is acknowledged only when what the bean did with it is durable.
 *
 * <p>It votes yes at prepare unless the client has already been answered without the bean,
 * as when the decision timed out: the bean's work then rolls back, so that the client, told
 * to try again, does not leave behind a copy it was never told about. It has nothing to
 * recover after a crash: a message whose transaction was in doubt was not acknowledged, so
 * its client sends it again.
 *
 * <p>An endpoint keeps its witness for its whole life, and serves one call at a time:
 * {@link #begin} readies it for the next call.
 */
final class TransactionOutcome implements XAResource {

    private static final BooleanSupplier NEVER = () -> false;

    private volatile BooleanSupplier answered = NEVER;
    private volatile boolean enlisted;
    private volatile boolean rolledBack;

    /**
     * Forgets the previous call's outcome, before the next call on the same endpoint.
     *
     * @param answered true once the client has had a reply that the bean's call can no
     *                 longer change
     */
    void begin(BooleanSupplier answered) {
        this.answered = answered;
        enlisted = false;
        rolledBack = false;
    }

    /** Lets go of the call that ended, so that an idle endpoint holds none of it. */
    void clear() {
        answered = NEVER;
    }

    /** True when the container ran the call in a transaction that then rolled back. */
    boolean rolledBack() {
        return rolledBack;
    }

    /** True when the container enlisted this witness at all. */
    boolean enlisted() {
        return enlisted;
    }

    @Override
    public void start(Xid xid, int flags) {
        enlisted = true;
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        voteOnAnswer();
        // Not XA_RDONLY: that would leave it out of the outcome it is here to see.
        return XA_OK;
    }

    /** One phase when it is the only resource: the commit is then its vote too. */
    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (onePhase) {
            voteOnAnswer();
        }
    }

    /** Refuses the commit of a call whose client has been answered without it. */
    private void voteOnAnswer() throws XAException {
        if (answered.getAsBoolean()) {
            rolledBack = true;
            throw new XAException(XAException.XA_RBTIMEOUT);
        }
    }

    @Override
    public void rollback(Xid xid) {
        rolledBack = true;
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
