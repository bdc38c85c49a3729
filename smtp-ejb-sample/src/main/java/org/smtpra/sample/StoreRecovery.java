package org.smtpra.sample;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Finishes, when the application starts, the Maildir deliveries that a crash interrupted.
 * A file left in {@code tmp/} by an earlier run belongs to a transaction that either
 * committed, and then the database has its row and the file goes into {@code new/}, or did
 * not, and then its client was never told 250 and will send it again, so the file is
 * removed. The database decides because its commit is the transaction's: the adapter sends
 * 250 only once it is done.
 */
@Singleton
@Startup
public class StoreRecovery {

    private static final Logger LOG = Logger.getLogger(StoreRecovery.class.getName());

    @PersistenceContext(unitName = MailboxBean.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    /** Delivers or removes every left-over of the sample's Maildir and of its outbox. */
    @PostConstruct
    void recover() {
        try {
            Maildir inbox = Maildir.open(MailboxBean.maildirRoot());
            finish(inbox);
            finish(inbox.folder(SubmissionBean.OUTBOX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover the Maildir at "
                    + MailboxBean.maildirRoot(), e);
        }
    }

    private void finish(Maildir maildir) throws IOException {
        List<String> leftOvers = maildir.leftOvers();
        int delivered = 0;
        for (String name : leftOvers) {
            if (isStored(name)) {
                maildir.publish(name);
                delivered++;
            } else {
                maildir.discard(name);
            }
        }
        if (!leftOvers.isEmpty()) {
            int count = delivered;
            LOG.info(() -> "Maildir recovery: " + count + " committed message(s) moved into "
                    + "new/, " + (leftOvers.size() - count) + " unacknowledged one(s) removed");
        }
    }

    private boolean isStored(String name) {
        return entityManager.createNamedQuery(StoredMessage.COUNT_BY_FILE, Long.class)
                .setParameter("file", name)
                .getSingleResult() > 0;
    }
}
