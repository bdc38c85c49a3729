package org.smtpra.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Failures on the server's side, each answered with the 4yz reply that names it so that the
 * client keeps its message and retries: a bean that throws (FailingBean, by recipient), and a
 * spool folder that disappears under a running listener (VanishingSpoolBean).
 */
class FailureRepliesIT extends SituationListeners {

    private static final String OK = "250 2.0.0 Ok";

    @Test
    @Provokes("PROCESSING_ERROR")
    void answersAFailureAtRcptAndGoesOn() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("failing"))) {
            client.command("MAIL FROM:<alice@example.org>", OK);
            client.command("RCPT TO:<crash@example.com>",
                    "451 4.3.0 Requested action aborted: error in processing");
            client.command("RCPT TO:<someone@example.com>", OK);
        }
    }

    @Test
    @Provokes("QUEUE_FAILED")
    void answersAFailureWithTheMessage() throws Exception {
        assertMessageAnswered("queue",
                "451 4.3.0 Temporary internal failure - queue message failed");
    }

    @Test
    @Provokes("DATABASE_INACCESSIBLE")
    void answersADatabaseFailure() throws Exception {
        assertMessageAnswered("database",
                "451 4.3.0 Temporary internal failure - database in accessible");
    }

    @Test
    @Provokes("OUT_OF_MEMORY")
    void answersAnOutOfMemoryError() throws Exception {
        assertMessageAnswered("memory", "452 4.3.1 Temporary internal failure - out of memory");
    }

    @Test
    @Provokes("INSUFFICIENT_STORAGE")
    void answersAFullDiskOfTheBeans() throws Exception {
        assertMessageAnswered("disk",
                "452 4.3.1 Temporary internal failure - insufficient system storage");
    }

    /** As root every folder is writable, so the folder goes away instead of its rights. */
    @Test
    @Provokes("INSUFFICIENT_STORAGE")
    void answersASpoolFolderThatCannotBeWritten() throws Exception {
        Path spool = Path.of(System.getProperty("it.spool.vanishing"));
        Files.delete(spool);
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("spool"))) {
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: spooled\r\n\r\nx\r\n.\r\n");
            client.expect("452 4.3.1 Temporary internal failure - insufficient system storage");
            client.command("NOOP", OK);
        } finally {
            Files.createDirectories(spool);
        }
    }

    /** Sends a message to this mailbox of FailingBean, and checks the one reply. */
    private static void assertMessageAnswered(String mailbox, String reply) throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("failing"))) {
            client.startData("alice@example.org", mailbox + "@example.com");
            client.sendRaw("Subject: fails\r\n\r\nx\r\n.\r\n");
            client.expect(reply);
            client.command("NOOP", OK);
        }
    }
}
