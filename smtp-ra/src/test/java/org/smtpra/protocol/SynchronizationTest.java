package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The client must wait for some replies before it sends more (RFC 5321 3.1 for the
 * greeting, RFC 2920 3.1 for pipelining): what it sent too early gets 503, unrun.
 */
class SynchronizationTest {

    static final String OK = "250 2.0.0 Ok\r\n";
    static final String TOO_EARLY = "503 5.5.1 Bad sequence of commands\r\n";

    private final TestSession client = new TestSession(TestSession.config()
            .strictPipelining(true).build(), new SmtpSessionTest.Mailboxes());

    @Test
    void refusesCommandsSentBeforeTheGreeting() {
        client.holdDecisions();
        client.start();
        assertEquals("", client.send("EHLO early.example.org\r\nMAIL FROM:<a@x.org>\r\n"));
        assertEquals("220 mx.example.com Service ready\r\n" + TOO_EARLY + TOO_EARLY,
                client.releaseDecisions());
        client.send("EHLO late.example.org\r\n");
        assertTrue(client.releaseDecisions().startsWith("250-"));
    }

    @Test
    void refusesCommandsPipelinedBehindEhlo() {
        client.start();
        String replies = client.send("EHLO c.example.org\r\nMAIL FROM:<a@x.org>\r\n");
        assertTrue(replies.startsWith("250-mx.example.com"), replies);
        assertTrue(replies.endsWith("250 SMTPUTF8\r\n" + TOO_EARLY), replies);
        assertEquals(OK, client.send("MAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void refusesEveryPipelinedCommandOfAHeloSession() {
        client.start();
        client.send("HELO c.example.org\r\n");
        assertEquals(OK + TOO_EARLY + TOO_EARLY, client.send("MAIL FROM:<a@x.org>\r\n"
                + "RCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\n"));
    }

    @Test
    void takesAGroupThatEndsWithDataAfterEhlo() {
        client.start();
        client.send("EHLO c.example.org\r\n");
        assertEquals(OK + OK + "354 Start mail input; end with CRLF.CRLF\r\n",
                client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n"));
        assertEquals(OK + OK + OK + "354 Start mail input; end with CRLF.CRLF\r\n",
                client.send("x\r\n.\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<c@example.com>\r\n"
                        + "DATA\r\n"));
        assertEquals(OK + OK, client.send("y\r\n.\r\nNOOP\r\n"));
    }

    @Test
    void refusesCommandsPipelinedBehindACommandThatEndsAGroup() {
        client.start();
        client.send("EHLO c.example.org\r\n");
        assertEquals(OK + TOO_EARLY, client.send("NOOP\r\nMAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void closesWhenMessageDataComesBeforeThe354() {
        client.start();
        client.send("EHLO c.example.org\r\n");
        assertEquals(OK + OK + "421 4.3.2 mx.example.com Service not available\r\n",
                client.send("MAIL FROM:<a@x.org>\r\n"
                + "RCPT TO:<b@example.com>\r\nDATA\r\nSubject: early\r\n\r\nx\r\n.\r\n"));
        assertTrue(client.isClosed());
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void countsTooEarlyCommandsAsErrors() {
        TestSession strict = new TestSession(TestSession.config().strictPipelining(true)
                .maxErrors(2).build(), new SmtpSessionTest.Mailboxes());
        strict.start();
        strict.send("HELO c.example.org\r\n");
        String replies = strict.send("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");
        assertEquals(OK + TOO_EARLY + TOO_EARLY
                + "421 4.7.0 Too much failure in SMTP session\r\n", replies);
    }
}
