package org.smtpra.sample;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends a Maildir delivery with the transaction it belongs to: the message, written into
 * {@code tmp/} while the bean ran, moves into {@code new/} when the transaction commits, and
 * is removed when it rolls back. Registered as an interposed synchronization, it runs on the
 * bean's thread before the container returns to the adapter, and so before the client gets
 * its reply.
 *
 * <p>The database row, committed in the same transaction, names the file: should the move
 * fail or the server crash between the commit and the move, {@link MailStore} moves the
 * file at the next start.
 */
final class DeliveryOnCommit implements Synchronization {

    private static final Logger LOG = Logger.getLogger(DeliveryOnCommit.class.getName());

    private final Maildir maildir;
    private final String name;

    DeliveryOnCommit(Maildir maildir, String name) {
        this.maildir = maildir;
        this.name = name;
    }

    @Override
    public void beforeCompletion() {
    }

    @Override
    public void afterCompletion(int status) {
        try {
            if (status == Status.STATUS_COMMITTED) {
                maildir.publish(name);
            } else if (status == Status.STATUS_ROLLEDBACK) {
                maildir.discard(name);
            } else {
                LOG.warning(() -> "the transaction of " + name + " ended with status " + status
                        + ", neither committed nor rolled back; the file stays in tmp/ and "
                        + "the next start decides by the database");
            }
        } catch (IOException e) {
            // The transaction's outcome stands; the file stays in tmp/ for the recovery.
            LOG.log(Level.SEVERE, e, () -> "cannot end the delivery of " + name
                    + " (transaction status " + status + "); the next start finishes it");
        }
    }
}
