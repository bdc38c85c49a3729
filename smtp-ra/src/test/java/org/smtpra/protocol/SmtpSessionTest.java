package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;
import org.smtpra.api.SmtpListener;

/** The engine's command handling, as golden transcripts: input in, exact replies out. */
class SmtpSessionTest {

    static final String EHLO_REPLY = "250-mx.example.com greets 192.0.2.10\r\n"
            + "250-PIPELINING\r\n"
            + "250-SIZE 10485760\r\n"
            + "250-8BITMIME\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n"
            + "250 SMTPUTF8\r\n";
    static final String OK = "250 2.0.0 Ok\r\n";

    /** Accepts everything but a few mailboxes that show the other decisions. */
    static final class Mailboxes implements SmtpListener {
        @Override
        public Decision onRecipient(Envelope envelope, Path recipient) {
            return switch (recipient.localPart()) {
                case "nobody" -> Decision.reject(Reply.INVALID_USER);
                case "full" -> Decision.reject(Reply.MAILBOX_FULL);
                case "moved" -> Decision.forward("moved@example.net");
                case "boom" -> throw new IllegalStateException("bean failure");
                case "bye" -> Decision.reject(Reply.ACCESS_DENIED).thenDisconnect();
                default -> Decision.accept();
            };
        }

        @Override
        public Decision onMessage(Mail mail) {
            if (mail.envelope().reversePath().localPart().equals("virus")) {
                return Decision.reject(Reply.VIRUS_FOUND);
            }
            if (mail.envelope().reversePath().localPart().equals("crash")) {
                throw new IllegalStateException("store failed");
            }
            return Decision.accept();
        }
    }

    private final TestSession client = new TestSession(TestSession.config().build(),
            new Mailboxes());

    private TestSession greeted() {
        assertEquals("220 mx.example.com Service ready\r\n", client.start());
        assertEquals(EHLO_REPLY, client.send("EHLO client.example.org\r\n"));
        return client;
    }

    @Test
    void greetsWithTheServerName() {
        assertEquals("220 mx.example.com Service ready\r\n", client.start());
    }

    @Test
    void answersEhloWithEveryExtension() {
        greeted();
    }

    @Test
    void answersHeloWithTheDomainFirst() {
        client.start();
        assertEquals("250 mx.example.com greets 192.0.2.10\r\n",
                client.send("HELO client.example.org\r\n"));
    }

    @Test
    void acceptsVerbsInAnyCase() {
        client.start();
        assertEquals("250 mx.example.com greets 192.0.2.10\r\n", client.send("hElO x.org\r\n"));
        assertEquals(OK, client.send("mail from:<a@x.org>\r\n"));
        assertEquals(OK, client.send("Rcpt To:<b@example.com>\r\n"));
        assertEquals(OK, client.send("noop\r\n"));
    }

    @Test
    void refusesHeloWithoutArgument() {
        client.start();
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("HELO\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("EHLO\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("EHLO two words\r\n"));
        assertEquals("250 mx.example.com greets 192.0.2.10\r\n",
                client.send("HELO [192.0.2.10]\r\n"));
    }

    @Test
    void refusesMailBeforeHelo() {
        client.start();
        assertEquals("503 5.5.1 Bad sequence of commands\r\n",
                client.send("MAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void refusesNestedMail() {
        greeted();
        assertEquals(OK, client.send("MAIL FROM:<a@x.org>\r\n"));
        assertEquals("503 5.5.1 Bad sequence of commands\r\n",
                client.send("MAIL FROM:<b@x.org>\r\n"));
    }

    @Test
    void refusesRcptBeforeMailAndDataBeforeRcpt() {
        greeted();
        assertEquals("503 5.5.1 Bad sequence of commands MAIL first\r\n",
                client.send("RCPT TO:<b@example.com>\r\n"));
        assertEquals("503 5.5.1 Bad sequence of commands MAIL first\r\n", client.send("DATA\r\n"));
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("503 5.5.1 Bad sequence of commands RCPT first\r\n", client.send("DATA\r\n"));
    }

    @Test
    void answersDataWithNoValidRecipientsWhenAllWereRefused() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("550 5.1.1 invalid user - nobody@example.com\r\n",
                client.send("RCPT TO:<nobody@example.com>\r\n"));
        assertEquals("554 5.5.1 no valid recipients\r\n", client.send("DATA\r\n"));
    }

    @Test
    void acceptsTheNullReversePath() {
        greeted();
        assertEquals(OK, client.send("MAIL FROM:<>\r\n"));
        assertEquals(OK, client.send("RCPT TO:<b@example.com>\r\n"));
        assertEquals("354 Start mail input; end with CRLF.CRLF\r\n", client.send("DATA\r\n"));
        assertEquals(OK, client.send("Subject: bounce\r\n\r\nbody\r\n.\r\n"));
        assertTrue(client.delivered().get(0).mail().envelope().reversePath().isNull());
    }

    @Test
    void acceptsPostmasterWithoutDomainFromAnyClient() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals(OK, client.send("RCPT TO:<Postmaster>\r\n"));
    }

    /** RFC 5321 4.5.1: postmaster is case-insensitive, so each spelling is one recipient. */
    @Test
    void takesEachSpellingOfPostmasterAsOneRecipient() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals(OK, client.send("RCPT TO:<postmaster>\r\n"));
        assertEquals("250 2.1.5 duplicated RCPT\r\n", client.send("RCPT TO:<POSTMASTER>\r\n"));
        assertEquals(OK, client.send("RCPT TO:<PostMaster@example.com>\r\n"));
        assertEquals("250 2.1.5 duplicated RCPT\r\n",
                client.send("RCPT TO:<postmaster@Example.COM>\r\n"));
    }

    @Test
    void dropsSourceRoutesAndKeepsQuotedLocalParts() {
        greeted();
        client.send("MAIL FROM:<@relay.x.org,@b.x.org:a@x.org>\r\n");
        client.send("RCPT TO:<\"john doe\"@example.com>\r\n");
        client.send("DATA\r\n");
        client.send("x\r\n.\r\n");
        Envelope envelope = client.delivered().get(0).mail().envelope();
        assertEquals(new Path("a", "x.org"), envelope.reversePath());
        assertEquals(List.of(new Path("\"john doe\"", "example.com")), envelope.forwardPaths());
    }

    @Test
    void keepsEhloAfterRsetButForgetsTheEnvelope() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        client.send("RCPT TO:<b@example.com>\r\n");
        assertEquals("250 2.0.0 All SMTP buffer cleared\r\n", client.send("RSET\r\n"));
        assertEquals("503 5.5.1 Bad sequence of commands MAIL first\r\n",
                client.send("RCPT TO:<b@example.com>\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void answersRsetBeforeHelo() {
        client.start();
        assertEquals("250 2.0.0 All SMTP buffer cleared\r\n", client.send("RSET\r\n"));
    }

    @Test
    void ehloInTheMiddleEndsTheTransaction() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals(EHLO_REPLY, client.send("EHLO client.example.org\r\n"));
        assertEquals("503 5.5.1 Bad sequence of commands MAIL first\r\n",
                client.send("RCPT TO:<b@example.com>\r\n"));
    }

    @Test
    void answersUnknownAndUnimplementedCommands() {
        greeted();
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n",
                client.send("XYZZY\r\n"));
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n", client.send("\r\n"));
        assertEquals("502 5.5.1 Command not implemented\r\n", client.send("EXPN staff\r\n"));
        assertEquals("502 5.5.1 Command not implemented\r\n", client.send("BDAT 10 LAST\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("QUIT now\r\n"));
    }

    @Test
    void answersVrfyAndHelpFromTheCatalog() {
        greeted();
        assertEquals("252 2.0.0 Cannot VRFY user, but will accept message and attempt\r\n",
                client.send("VRFY john\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("VRFY\r\n"));
        assertEquals("214 2.0.0 Help availble on http://www.gridware.com.cn\r\n",
                client.send("HELP\r\n"));
    }

    @Test
    void refusesNulAndBareLineFeedsInCommands() {
        greeted();
        assertEquals("500 5.5.2 syntax error - invalid character\r\n",
                client.send("MAIL FROM:<sen\0der@x.org>\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<sender@x.org>\r\n"));
        assertEquals("500 5.5.2 syntax error - invalid character\r\n",
                client.send("NOOP\nRSET\r\n"));
        assertEquals("500 5.5.2 syntax error - invalid character\r\n",
                client.send(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xff, '\r', '\n'}));
    }

    @Test
    void answersAnOverlongCommandLineOnce() {
        greeted();
        String longLine = "X".repeat(10_000) + "\r\n";
        assertEquals("500 5.5.2 syntax error - line too long\r\n", client.send(longLine));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void answersAnOverlongCommandLineOnceWhenItArrivesByteByByte() {
        greeted();
        String longLine = "X".repeat(3_000) + "\r\n";
        assertEquals("500 5.5.2 syntax error - line too long\r\n",
                client.sendByteByByte(longLine));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void endsTheSessionOnQuit() {
        greeted();
        assertEquals("221 2.0.0 mx.example.com GoodBye!\r\n", client.send("QUIT\r\nNOOP\r\n"));
        assertTrue(client.isClosed());
        assertEquals("", client.send("NOOP\r\n"));
    }

    @Test
    void countsErrorsAndClosesPastTheLimit() {
        TestSession strict = new TestSession(TestSession.config().maxErrors(2).build(),
                new Mailboxes());
        strict.start();
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n", strict.send("X\r\n"));
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n", strict.send("X\r\n"));
        assertEquals("421 4.7.0 Too much failure in SMTP session\r\n", strict.send("X\r\n"));
        assertTrue(strict.isClosed());
    }

    @Test
    void limitsTransactionsPerSession() {
        TestSession limited = new TestSession(TestSession.config().maxTransactions(1).build(),
                new Mailboxes());
        limited.start();
        limited.send("EHLO c.org\r\n");
        assertEquals(OK, limited.send("MAIL FROM:<a@x.org>\r\n"));
        limited.send("RSET\r\n");
        assertEquals("554 5.7.0 Too many MAIL transactions in the same connection\r\n",
                limited.send("MAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void answersListenerDecisionsWithCatalogReplies() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("550 5.2.2 Mailbox full@example.com is full\r\n",
                client.send("RCPT TO:<full@example.com>\r\n"));
        assertEquals("251 2.1.5 User not local; will forward to <moved@example.net>\r\n",
                client.send("RCPT TO:<moved@example.com>\r\n"));
        assertEquals("451 4.3.0 Requested action aborted: error in processing\r\n",
                client.send("RCPT TO:<boom@example.com>\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void disconnectsWhenTheListenerSaysSo() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("550 5.7.1 access denied to you\r\n",
                client.send("RCPT TO:<bye@example.com>\r\nNOOP\r\n"));
        assertTrue(client.isClosed());
    }

    @Test
    void deniesRelayFromOutsideTheRelayNetworks() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("554 5.7.1 Relay to elsewhere@other.org is denied\r\n",
                client.send("RCPT TO:<elsewhere@other.org>\r\n"));
    }

    @Test
    void relaysForTheRelayNetworks() {
        TestSession inside = new TestSession(TestSession.config()
                .relayNetworks(NetworkList.parse("192.0.2.0/24")).build(), new Mailboxes());
        inside.start();
        inside.send("EHLO c.org\r\n");
        inside.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals(OK, inside.send("RCPT TO:<elsewhere@other.org>\r\n"));
    }

    @Test
    void acknowledgesADuplicateRecipientAndDeliversOnce() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        client.send("RCPT TO:<b@example.com>\r\n");
        assertEquals("250 2.1.5 duplicated RCPT\r\n", client.send("RCPT TO:<b@EXAMPLE.com>\r\n"));
        client.send("DATA\r\n");
        assertEquals(OK, client.send("x\r\n.\r\n"));
        assertEquals(1, client.delivered().size());
        assertEquals(1, client.delivered().get(0).mail().envelope().forwardPaths().size());
    }

    @Test
    void takesAHundredRecipientsThenAnswers452() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        for (int i = 0; i < 100; i++) {
            assertEquals(OK, client.send("RCPT TO:<r" + i + "@example.com>\r\n"));
        }
        assertEquals("452 4.5.3 too many RCPTs\r\n", client.send("RCPT TO:<r100@example.com>\r\n"));
        client.send("DATA\r\n");
        assertEquals(OK, client.send("x\r\n.\r\n"));
        assertEquals(100, client.delivered().get(0).mail().envelope().forwardPaths().size());
    }

    @Test
    void refusesAnOversizedDeclaredSizeAndKeepsTheState() {
        greeted();
        assertEquals("552 5.3.4 message exceeds fixed maximum message size\r\n",
                client.send("MAIL FROM:<a@x.org> SIZE=10485761\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<a@x.org> SIZE=1024\r\n"));
    }

    @Test
    void refusesUnknownAndUnimplementedMailParameters() {
        greeted();
        assertEquals("555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not "
                + "implemented\r\n", client.send("MAIL FROM:<a@x.org> XCASEPROBE=1\r\n"));
        assertEquals("504 5.5.4 Command parameter not implemented\r\n",
                client.send("MAIL FROM:<a@x.org> BODY=BINARYMIME\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("MAIL FROM:<a@x.org> SIZE=1 SIZE=2\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<a@x.org> BODY=8BITMIME\r\n"));
        assertEquals("555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not "
                + "implemented\r\n", client.send("RCPT TO:<b@example.com> NOTIFY=NEVER\r\n"));
    }

    @Test
    void refusesMailParametersAfterHelo() {
        client.start();
        client.send("HELO c.org\r\n");
        assertEquals("555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not "
                + "implemented\r\n", client.send("MAIL FROM:<a@x.org> SIZE=10\r\n"));
    }

    @Test
    void takesUtf8AddressesOnlyWithSmtputf8() {
        greeted();
        assertEquals("550 5.6.7 Non-ASCII addresses not permitted for that sender\r\n",
                client.send("MAIL FROM:<jos\u00e9@x.org>\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<a@x.org>\r\n"));
        assertEquals("553 5.6.7 Requested action not taken: mailbox name not allowed\r\n",
                client.send("RCPT TO:<m\u00fcller@example.com>\r\n"));
        client.send("RSET\r\n");
        assertEquals(OK, client.send("MAIL FROM:<jos\u00e9@x.org> SMTPUTF8\r\n"));
        assertEquals(OK, client.send("RCPT TO:<m\u00fcller@example.com>\r\n"));
    }

    @Test
    void repliesToPipelinedCommandsInOrder() {
        greeted();
        String replies = client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<>\r\n"
                + "RCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals(OK + "501 5.5.4 Syntax error in parameters or arguments\r\n" + OK
                + "354 Start mail input; end with CRLF.CRLF\r\n", replies);
        replies = client.send("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<a@x.org>\r\n"
                + "RCPT TO:<c@example.com>\r\nDATA\r\n");
        assertEquals(OK + OK + OK + "354 Start mail input; end with CRLF.CRLF\r\n", replies);
        assertEquals(OK + OK, client.send("Subject: two\r\n\r\n2\r\n.\r\nNOOP\r\n"));
        assertEquals(2, client.delivered().size());
    }

    @Test
    void waitsForAPendingDecisionBeforeTheNextPipelinedCommand() {
        greeted();
        client.holdDecisions();
        assertEquals("", client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\n"));
        assertEquals(OK, client.releaseDecisions());
        assertEquals(OK, client.releaseDecisions());
        assertTrue(client.isReading());
    }

    /**
     * A client that leaves while the listener decides on its message abandons the call: the
     * listener that has not yet decided is not asked, and the adapter rolls back one that
     * has not yet committed, so that the copy the client sends again is the only one.
     */
    @Test
    void abandonsTheDecisionOfAClientThatLeft() {
        try (LogCapture log = new LogCapture()) {
            greeted();
            client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            client.holdDecisions();
            assertEquals("", client.send("x\r\n.\r\n"));
            client.disconnect();
            assertEquals("", client.releaseDecisions());
            assertEquals(List.of(), client.delivered());
            String close = log.messages().get(log.messages().size() - 1);
            assertTrue(close.startsWith("session t1 closed: ended by client disconnected while "
                    + "the listener decided at DATA after "), close);
            assertTrue(close.contains(" 0 messages accepted "), close);
        }
    }

    /**
     * A message accepted just before its client left, its reply not yet sent: the log says
     * it stands, since the client may send it again.
     */
    @Test
    void logsAMessageAcceptedAsItsClientLeft() {
        try (LogCapture log = new LogCapture()) {
            greeted();
            client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            client.holdDecisions();
            client.send("x\r\n.\r\n");
            client.completeDecisions();
            client.disconnect();
            client.runResumptions();
            assertEquals(1, client.delivered().size());
            assertTrue(log.messages().contains("session t1: the listener accepted the message "
                    + "as the client left, before the reply: it stands, and the client may "
                    + "send it again"), log.messages()::toString);
            String close = log.messages().get(log.messages().size() - 1);
            assertTrue(close.startsWith("session t1 closed: ended by client disconnected "
                    + "after "), close);
        }
    }

    /**
     * While a decision is pending the session reads on, so that it can tell what was sent
     * before its reply, but no more than a command line's worth (2048 octets here).
     */
    @Test
    void readsAheadAtMostACommandLineWhileADecisionIsPending() {
        greeted();
        client.holdDecisions();
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\n");
        assertTrue(client.isReading(), "stopped reading with little input waiting");
        client.send("NOOP\r\n".repeat(400));
        assertFalse(client.isReading(), "read on with 2400 octets waiting");
        assertEquals(OK, client.releaseDecisions());
        assertFalse(client.isReading(), "read on with 2400 octets waiting");
        assertEquals(OK.repeat(401), client.releaseDecisions());
        assertTrue(client.isReading());
    }

    @Test
    void sendsThe421AfterAPendingDecisionWhenShutDown() {
        greeted();
        client.holdDecisions();
        client.send("MAIL FROM:<a@x.org>\r\n");
        client.shutdown();
        assertEquals(OK + "421 4.3.2 mx.example.com Service not available\r\n",
                client.releaseDecisions());
        assertTrue(client.isClosed());
    }

    @Test
    void answersShutdownWith421() {
        greeted();
        client.shutdown();
        assertEquals("421 4.3.2 mx.example.com Service not available\r\n", client.takeOutput());
        assertTrue(client.isClosed());
    }

    @Test
    void closesOnHttpSoThatAWebPageCannotSmuggleCommands() {
        client.start();
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n",
                client.send("POST / HTTP/1.1\r\nHost: 127.0.0.1:2525\r\n\r\nEHLO a\r\n"));
        assertTrue(client.isClosed());
    }

    @Test
    void closesOnAnHttpHeaderLineToo() {
        client.start();
        client.send("EHLO c.org\r\n");
        assertEquals("500 5.5.1 syntax error - command unrecognized\r\n",
                client.send("User-Agent: curl\r\nMAIL FROM:<a@x.org>\r\n"));
        assertTrue(client.isClosed());
    }

    /**
     * The client is expected to send the recipients past the limit again in a new
     * transaction (RFC 5321 4.5.3.1.10): as many again as the limit are no error, and the log
     * says so once.
     */
    @Test
    void doesNotCountTheRecipientLimitAsAnError() {
        TestSession strict = new TestSession(TestSession.config().maxErrors(3)
                .maxRecipients(2).build(), new Mailboxes());
        strict.start();
        strict.send("EHLO c.org\r\nMAIL FROM:<a@x.org>\r\n");
        try (LogCapture log = new LogCapture()) {
            String replies = strict.send(recipients(4) + "DATA\r\n");
            assertEquals(OK.repeat(2) + "452 4.5.3 too many RCPTs\r\n".repeat(2)
                    + "354 Start mail input; end with CRLF.CRLF\r\n", replies);
            assertEquals(1, log.messages().stream().filter(line -> line.contains(
                    " refused at RCPT ")).count(), () -> "log: " + log.messages());
        }
        assertEquals(OK, strict.send("x\r\n.\r\n"));
    }

    /** Past as many again as the limit, each recipient refused counts as an error. */
    @Test
    void countsRecipientsFarPastTheLimitAsErrors() {
        TestSession strict = new TestSession(TestSession.config().maxErrors(3)
                .maxRecipients(2).build(), new Mailboxes());
        strict.start();
        strict.send("EHLO c.org\r\nMAIL FROM:<a@x.org>\r\n");
        String replies = strict.send(recipients(10));
        assertEquals(OK.repeat(2) + "452 4.5.3 too many RCPTs\r\n".repeat(5)
                + "421 4.7.0 Too much failure in SMTP session\r\n", replies);
        assertTrue(strict.isClosed());
    }

    private static String recipients(int count) {
        StringBuilder recipients = new StringBuilder();
        for (int i = 0; i < count; i++) {
            recipients.append("RCPT TO:<r").append(i).append("@example.com>\r\n");
        }
        return recipients.toString();
    }

    @Test
    void treatsQuotedAndPlainLocalPartsAsOneMailbox() {
        greeted();
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("550 5.1.1 invalid user - nobody@example.com\r\n",
                client.send("RCPT TO:<\"nobody\"@example.com>\r\n"));
        assertEquals(OK, client.send("RCPT TO:<x@example.com>\r\n"));
        assertEquals("250 2.1.5 duplicated RCPT\r\n",
                client.send("RCPT TO:<\"x\"@example.com>\r\n"));
    }

    @Test
    void callsMalformedParametersMalformedFirst() {
        greeted();
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("MAIL FROM:<a@x.org> BODY=BINARYMIME SIZE=abc\r\n"));
        assertEquals("555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not "
                + "implemented\r\n", client.send("MAIL FROM:<a@x.org> SMTPUTF8 FOO=\u00e9\r\n"));
    }

    @Test
    void logsTheOpenEachRefusalAndTheCloseWithWhatHappened() {
        String commands = "MAIL FROM:<a@x.org>\r\nRCPT TO:<nobody@example.com>\r\n"
                + "RCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nMAIL FROM:<a@\r\n";
        try (LogCapture log = new LogCapture()) {
            greeted();
            client.send(commands);
            client.advance(java.time.Duration.ofMillis(1500));
            client.send("QUIT\r\n");
            client.disconnect();
            assertEquals("session t1 opened on listener smtp: client /192.0.2.10:40000, "
                    + "server /127.0.0.1:2525", log.messages().get(0));
            assertTrue(log.messages().contains("session t1 refused at RCPT from 192.0.2.10: "
                    + "2175016 550 5.1.1 invalid user - nobody@example.com (the listener's "
                    + "decision)"), log.messages()::toString);
            assertTrue(log.messages().contains("session t1 refused at MAIL from 192.0.2.10: "
                    + "2175005 501 5.5.4 Syntax error in parameters or arguments (path "
                    + "without closing '>')"), log.messages()::toString);
            long messageOctets = client.delivered().get(0).mail().size();
            long received = "EHLO client.example.org\r\n".length() + commands.length()
                    + "QUIT\r\n".length();
            assertEquals("session t1 closed: ended by QUIT after 1500 ms, 7 commands, "
                    + "1 transactions, 1 messages accepted (" + messageOctets + " octets), "
                    + "0 rejected, 2 errors, " + received + " octets received, no TLS, "
                    + "not authenticated", log.messages().get(log.messages().size() - 1));
        }
    }
}
