package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample's two stores take part in the transaction that decides the reply: when it does
 * not commit, the client gets a 4yz reply, keeps its message, and neither the database nor
 * the Maildir holds any of it. Besides the sample, two test beans that extend it
 * (smtp-it-beans, package store): one marks its transaction for rollback, one is slow.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StoreTransactionIT {

    private static final String OK = "250 2.0.0 Ok";
    private static final long ROLLBACK_WAIT_MILLIS = 15_000;

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private final SampleDatabase database = SampleDatabase.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive sampleWithStoreBeans() {
        return Deployments.sampleWithStoreBeans();
    }

    @BeforeEach
    void emptyStores() throws Exception {
        Deployments.assertDeployed(Deployments.SAMPLE_AND_STORE_BEANS);
        maildir.clear();
        database.clear();
    }

    @Test
    @Provokes("QUEUE_FAILED")
    void aBeanThatRollsBackGets451AndNothingIsStored() throws Exception {
        sendExpecting(Deployments.port("rollback"),
                "451 4.3.0 Temporary internal failure - queue message failed");
        assertNothingStored();
    }

    /**
     * An administrator takes the database offline (H2's exclusive mode closes every other
     * connection and refuses new ones); once it is back, the pool recovers by itself.
     */
    @Test
    @Provokes("DATABASE_INACCESSIBLE")
    void aStoppedDatabaseGetsTheDatabaseReplyAndNothingIsStored() throws Exception {
        try (Connection administrator = database.connect();
                Statement statement = administrator.createStatement()) {
            statement.execute("SET EXCLUSIVE 2");
            sendExpecting(Deployments.smtpPort(),
                    "451 4.3.0 Temporary internal failure - database in accessible");
            statement.execute("SET EXCLUSIVE 0");
        }
        assertNothingStored();

        sendExpecting(Deployments.smtpPort(), OK);
        assertEquals(1, database.rows().size());
        assertEquals(1, maildir.newMessages().size());
    }

    /**
     * The client is told to try again when the decision times out, and the bean's transaction,
     * which ends later, then rolls back: no copy stays that the client was never told about.
     */
    @Test
    @Provokes("TIMEOUT")
    void aSlowBeanGetsTheTimeoutReplyAndNothingIsStored() throws Exception {
        sendExpecting(Deployments.port("slowstore"), "451 4.3.0 Timeout");
        awaitNoTemporaryFiles();
        assertNothingStored();
    }

    /**
     * A client that hangs up after the final dot, before its reply, sends the message again
     * later: the bean's transaction, still under way when it left, rolls back, so that the
     * message it sends again is the only copy.
     */
    @Test
    void aClientThatLeavesBeforeTheReplyLeavesNoCopy() throws Exception {
        try (ServerLog log = ServerLog.captureAdapter()) {
            try (SmtpClient client = SmtpClient.introduced(Deployments.port("lingerstore"))) {
                client.startData("alice@example.org", "someone@example.com");
                client.sendRaw("Subject: left before the reply\r\n\r\nx\r\n.\r\n");
                // Long enough for the bean's call to start: it then reads the message after
                // the client has left.
                Thread.sleep(300);
            }
            // The bean reads and stores the message two seconds after its call began.
            Thread.sleep(2500);
            awaitNoTemporaryFiles();
            assertNothingStored();
            // Something any client can do: the log says it in a line, with no stack trace.
            log.assertQuiet(8);
            assertTrue(log.adapterLines().stream().anyMatch(line -> line.endsWith(
                    "LingeringStoreBean, the DATA call's transaction rolled back: its client "
                    + "had been answered or had left before it ended")),
                    () -> log.adapterLines().toString());
        }
    }

    /** Sends one message to a listener of the sample or a store bean; checks its reply. */
    private static void sendExpecting(int port, String reply) throws Exception {
        try (SmtpClient client = SmtpClient.introduced(port)) {
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: stored or not\r\n\r\nx\r\n.\r\n");
            client.expect(reply);
            client.command("NOOP", OK);
        }
    }

    /** The bean's file stays in tmp/ until its transaction has ended. */
    private void awaitNoTemporaryFiles() throws Exception {
        long deadline = System.currentTimeMillis() + ROLLBACK_WAIT_MILLIS;
        while (!maildir.temporaryFiles().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    private void assertNothingStored() throws Exception {
        assertEquals(List.of(), database.rows(), "rows in the database");
        assertEquals(List.of(), maildir.newMessages(), "files in the Maildir's new/");
        assertEquals(List.of(), maildir.temporaryFiles(), "files in the Maildir's tmp/");
    }
}
