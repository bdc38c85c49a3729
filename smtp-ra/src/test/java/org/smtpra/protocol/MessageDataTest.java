package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DATA: transparency, the end of data, smuggling, limits, spooling and the trace field. */
class MessageDataTest {

    static final String OK = "250 2.0.0 Ok\r\n";
    static final String GO_AHEAD = "354 Start mail input; end with CRLF.CRLF\r\n";

    @TempDir
    Path spoolDirectory;

    private TestSession inTransaction(SessionConfig config) {
        TestSession client = new TestSession(config, new SmtpSessionTest.Mailboxes());
        client.start();
        client.send("EHLO client.example.org\r\n");
        client.send("MAIL FROM:<a@x.org>\r\n");
        client.send("RCPT TO:<b@example.com>\r\n");
        assertEquals(GO_AHEAD, client.send("DATA\r\n"));
        return client;
    }

    private TestSession inTransaction() {
        return inTransaction(TestSession.config().spoolDirectory(spoolDirectory).build());
    }

    /** The content after the trace field this server adds. */
    private static String body(TestSession client) {
        String content = client.delivered().get(0).content();
        int end = content.indexOf("\r\n", content.indexOf(";\r\n\t") + 3);
        return content.substring(end + 2);
    }

    @Test
    void removesTransparencyDotsFromEveryLineIncludingTheFirst() {
        TestSession client = inTransaction();
        assertEquals(OK, client.send("..first\r\nplain\r\n..\r\n...\r\n..hidden\r\n.. \r\n.\r\n"));
        assertEquals(".first\r\nplain\r\n.\r\n..\r\n.hidden\r\n. \r\n", body(client));
    }

    @Test
    void endsAtOnceOnALoneDot() {
        TestSession client = inTransaction();
        assertEquals(OK + OK, client.send(".\r\nNOOP\r\n"));
        assertEquals("", body(client));
    }

    @Test
    void refusesLfDotCrlfSmugglingWithOneReply() {
        TestSession client = inTransaction();
        String replies = client.send("Subject: a\r\n\r\nfirst\n.\r\nMAIL FROM:<spoof@x.org>\r\n"
                + "RCPT TO:<b@example.com>\r\nDATA\r\nsmuggled\r\n.\r\n");
        assertEquals("500 5.5.2 syntax error - invalid character\r\n", replies);
        assertEquals(OK, client.send("NOOP\r\n"));
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void refusesLfDotLfSmugglingWithOneReply() {
        TestSession client = inTransaction();
        String replies = client.send("first\n.\nMAIL FROM:<spoof@x.org>\r\n.\r\n");
        assertEquals("500 5.5.2 syntax error - invalid character\r\n", replies);
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void refusesCrDotCrSmugglingWithOneReply() {
        TestSession client = inTransaction();
        String replies = client.send("first\r.\rMAIL FROM:<spoof@x.org>\r\n.\r\n");
        assertEquals("500 5.5.2 syntax error - invalid character\r\n", replies);
    }

    @Test
    void refusesCrlfDotLfWithoutEndingTheData() {
        TestSession client = inTransaction();
        assertEquals("", client.send("first\r\n.\nRSET\r\n"));
        assertEquals("500 5.5.2 syntax error - invalid character\r\n", client.send(".\r\n"));
    }

    @Test
    void readsAnOverlongTextLineToTheEndThenRefuses() {
        TestSession client = inTransaction();
        assertEquals("500 5.5.2 syntax error - line too long\r\n",
                client.send("x".repeat(5000) + "\r\n.\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void acceptsATextLineOfExactlyTheLimit() {
        TestSession client = inTransaction();
        assertEquals(OK, client.send("x".repeat(998) + "\r\n.." + "y".repeat(997) + "\r\n.\r\n"));
    }

    @Test
    void readsAnOversizedMessageToTheEndThenAnswers552() {
        TestSession client = inTransaction(TestSession.config().spoolDirectory(spoolDirectory)
                .maxMessageSize(10_000).spoolThreshold(1000).build());
        String line = "y".repeat(98) + "\r\n";
        assertEquals("", client.send(line.repeat(150)));
        assertEquals("552 5.3.4 message exceeds fixed maximum message size\r\n",
                client.send(".\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
        assertEquals(0, spoolFiles());
    }

    @Test
    void spoolsALargeMessageToDiskAndRemovesTheFileAfterDelivery() {
        TestSession client = inTransaction(TestSession.config().spoolDirectory(spoolDirectory)
                .spoolThreshold(1000).build());
        String line = "z".repeat(98) + "\r\n";
        client.send(line.repeat(100));
        assertEquals(1, spoolFiles());
        assertEquals(1, SpoolFolder.filesInUse());
        assertTrue(SpoolFolder.octetsInUse() > 9000, () -> "" + SpoolFolder.octetsInUse());
        assertEquals(OK, client.send(".\r\n"));
        assertEquals(0, SpoolFolder.filesInUse());
        assertEquals(0, SpoolFolder.octetsInUse());
        assertEquals(line.repeat(100), body(client));
        assertEquals(0, spoolFiles());
    }

    @Test
    void removesTheSpoolFileWhenTheClientGoesAwayMidMessage() {
        TestSession client = inTransaction(TestSession.config().spoolDirectory(spoolDirectory)
                .spoolThreshold(100).build());
        client.send("z".repeat(500) + "\r\n");
        assertEquals(1, spoolFiles());
        client.disconnect();
        assertEquals(0, spoolFiles());
    }

    @Test
    void putsAReceivedTraceFieldInFront() {
        TestSession client = inTransaction();
        client.send("Subject: t\r\n\r\nhello\r\n.\r\n");
        String content = client.delivered().get(0).content();
        assertTrue(content.matches("(?s)Received: from client\\.example\\.org "
                + "\\(\\[192\\.0\\.2\\.10]\\)"
                + "\r\n\tby mx\\.example\\.com with ESMTP id t1\\.1"
                + "\r\n\tfor <b@example\\.com>;"
                + "\r\n\t\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n"
                + "Subject: t\r\n\r\nhello\r\n"), content);
    }

    @Test
    void answersAListenerRejectionAndFailureAfterData() {
        TestSession client = new TestSession(TestSession.config().build(),
                new SmtpSessionTest.Mailboxes());
        client.start();
        client.send("EHLO c.org\r\nMAIL FROM:<virus@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals("554 5.7.1 Message is infected by virus\r\n", client.send("x\r\n.\r\n"));
        client.send("MAIL FROM:<crash@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals("451 4.3.0 Temporary internal failure - queue message failed\r\n",
                client.send("x\r\n.\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void holdsTheReplyUntilTheListenerHasTheMessage() {
        TestSession client = inTransaction();
        client.holdDecisions();
        assertEquals("", client.send("x\r\n.\r\nNOOP\r\n"));
        assertEquals(OK + OK, client.releaseDecisions());
        assertEquals(1, client.delivered().size());
    }

    private long spoolFiles() {
        try (Stream<Path> files = Files.list(spoolDirectory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(Spool.FILE_PREFIX))
                    .count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void refusesNulInTheMessage() {
        TestSession client = inTransaction();
        assertEquals("500 5.5.2 syntax error - invalid character\r\n",
                client.send("hello\r\n\0.\r\nmore\r\n.\r\n"));
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void namesTheFailureOfAListenerInItsReply() {
        java.util.Map<String, RuntimeException> failures = java.util.Map.of(
                "db", new IllegalStateException("insert failed",
                        new java.sql.SQLException("connection refused")),
                "memory", new IllegalStateException(new OutOfMemoryError("heap")),
                "disk", new java.io.UncheckedIOException(new java.nio.file.FileSystemException(
                        "/var/mail/x", null, "No space left on device")));
        org.smtpra.api.SmtpListener failing = mail -> {
            throw failures.get(mail.envelope().reversePath().localPart());
        };
        TestSession client = new TestSession(TestSession.config().build(), failing);
        client.start();
        client.send("EHLO c.org\r\n");
        java.util.Map<String, String> expected = java.util.Map.of(
                "db", "451 4.3.0 Temporary internal failure - database in accessible\r\n",
                "memory", "452 4.3.1 Temporary internal failure - out of memory\r\n",
                "disk", "452 4.3.1 Temporary internal failure - insufficient system storage\r\n");
        for (var entry : expected.entrySet()) {
            client.send("MAIL FROM:<" + entry.getKey() + "@x.org>\r\nRCPT TO:<b@example.com>\r\n"
                    + "DATA\r\n");
            assertEquals(entry.getValue(), client.send("x\r\n.\r\n"), entry.getKey());
        }
        assertEquals(OK, client.send("NOOP\r\n"));
    }
}
