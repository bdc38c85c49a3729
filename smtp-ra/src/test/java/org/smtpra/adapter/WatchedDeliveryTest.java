package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;

/**
 * A call's decision counts only when the container's transaction around it committed, and a
 * call whose client was answered meanwhile does not commit.
 */
class WatchedDeliveryTest {

    private static final Method ON_MESSAGE = onMessage();
    private static final Decision ACCEPT = Decision.accept();

    private final FakeTransactions container = new FakeTransactions();

    private static Method onMessage() {
        try {
            return SmtpListener.class.getMethod("onMessage", Mail.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private Decision deliver(boolean answered) throws Exception {
        return WatchedDelivery.deliver(container.endpoint(), ON_MESSAGE, container,
                () -> answered, listener -> {
                    container.events.add("call");
                    return ACCEPT;
                });
    }

    @Test
    void returnsTheDecisionOnceTheTransactionCommitted() throws Exception {
        assertSame(ACCEPT, deliver(false));
        assertEquals(List.of("begin onMessage", "call", "committed"), container.events);
    }

    @Test
    void failsWhenTheContainerRollsBack() {
        container.rollBack = true;
        assertThrows(TransactionRolledBackException.class, () -> deliver(false));
        assertEquals(List.of("begin onMessage", "call", "rolled back"), container.events);
    }

    @Test
    void rollsBackACallWhoseClientWasAnsweredMeanwhile() {
        assertThrows(TransactionRolledBackException.class, () -> deliver(true));
        assertEquals(List.of("begin onMessage", "call", "rolled back"), container.events);
    }

    /** Payara ends such a delivery with a system exception: it is the rollback asked for. */
    @Test
    void takesAFailedEndOfAnAbandonedCallForItsRollback() {
        container.failOnRollbackAsked = true;
        TransactionRolledBackException thrown =
                assertThrows(TransactionRolledBackException.class, () -> deliver(true));
        assertEquals("message-driven bean method system exception",
                thrown.getCause().getMessage());
        assertEquals(List.of("begin onMessage", "call", "rolled back"), container.events);
    }

    @Test
    void takesTheDecisionOfACallWithoutTransaction() throws Exception {
        container.transacted = false;
        assertSame(ACCEPT, deliver(true));
        assertEquals(List.of("begin onMessage", "call", "ended"), container.events);
    }

    @Test
    void endsTheDeliveryOfACallThatFailed() {
        IllegalStateException failure = new IllegalStateException("the bean failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                WatchedDelivery.deliver(container.endpoint(), ON_MESSAGE, container,
                        () -> false, listener -> {
                            container.rollBack = true;
                            throw failure;
                        }));
        assertSame(failure, thrown);
        assertEquals(List.of("begin onMessage", "rolled back"), container.events);
    }
}
