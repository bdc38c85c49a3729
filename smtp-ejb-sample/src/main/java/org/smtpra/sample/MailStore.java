package org.smtpra.sample;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The sample's database, and what happens to its stores when the application starts.
 *
 * <p>At start it finishes the Maildir deliveries that a crash interrupted. A file left in
 * {@code tmp/} by an earlier run belongs to a transaction that either committed, and then
 * the database has its row and the file goes into {@code new/}, or did not, and then its
 * client was never told 250 and will send it again, so the file is removed. The database
 * decides because its commit is the transaction's: the adapter sends 250 only once it is
 * done.
 */
// A datasource of the application's own, in a file that outlives the server: the server's
// default one may live in a temporary folder (embedded Payara). A driver, not H2's XA data
// source: the database's local commit then decides the transaction (Payara commits the one
// resource that is not XA last), and a crash never leaves it a transaction in doubt.
// WRITE_DELAY=0 writes each commit to the file at once, rather than within half a second.
// Known limit: H2 does not force the write to the disk, so a commit outlives a crash of the
// server, not a power failure (the README's limits say so).
@DataSourceDefinition(name = MailStore.DATA_SOURCE, className = "org.h2.Driver",
        url = "jdbc:h2:${MPCONFIG=smtp.database:./mailstore};WRITE_DELAY=0",
        user = "sa", password = "", minPoolSize = 1, maxPoolSize = 32, properties = {
            // A connection is checked before use, and all are dropped when one is broken, so
            // the pool recovers by itself once a stopped database runs again.
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=auto-commit",
            "fish.payara.fail-all-connections=true"})
@Singleton
@Startup
public class MailStore {

    /** The sample's datasource, defined above; META-INF/persistence.xml names it. */
    static final String DATA_SOURCE = "java:app/jdbc/mailstore";

    /** The persistence unit of {@link StoredMessage}, in META-INF/persistence.xml. */
    static final String PERSISTENCE_UNIT = "mailstore";

    private static final Logger LOG = Logger.getLogger(MailStore.class.getName());

    @PersistenceContext(unitName = PERSISTENCE_UNIT)
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
