package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Failures on the server's side, each answered with the 4yz reply that names it so that the
 * client keeps its message and retries: a bean that throws (FailingBean, by recipient), and a
 * spool folder that disappears or fills up under a running listener (VanishingSpoolBean).
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

    /**
     * The spool's disk fills up while a message arrives: a 64 KiB file system under the same
     * listener, and a message of 200 KB, all of it spooled. Nothing of it stays there.
     */
    @Test
    @Provokes("INSUFFICIENT_STORAGE")
    void answersASpoolFolderWithoutSpace() throws Exception {
        Path spool = Path.of(System.getProperty("it.spool.vanishing"));
        String line = "x".repeat(76) + "\r\n";
        try (TinyFileSystem full = TinyFileSystem.mount(spool, "64k")) {
            try (SmtpClient client = SmtpClient.introduced(Deployments.port("spool"))) {
                client.startData("alice@example.org", "someone@example.com");
                client.sendRaw("Subject: larger than the disk\r\n\r\n"
                        + line.repeat(200_000 / line.length()) + ".\r\n");
                client.expect("452 4.3.1 Temporary internal failure - "
                        + "insufficient system storage");
                client.command("NOOP", OK);
            }
            try (Stream<Path> files = Files.list(spool)) {
                assertEquals(List.of(), files.toList(), "left in the spool folder");
            }
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
