package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kinds of fault that public bug reports and CVEs found in SMTP servers, each tried on
 * the deployed sample over a raw socket: the exact replies, and what reached the Maildir.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolConformanceIT {

    private static final String OK = "250 2.0.0 Ok";
    private static final String GO_AHEAD = "354 Start mail input; end with CRLF.CRLF";

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private SmtpClient client;
    private String serverName;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void greet() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
        client = SmtpClient.connect(Deployments.smtpPort());
        String greeting = client.expectCode(220).get(0);
        serverName = greeting.substring(4, greeting.indexOf(' ', 4));
        client.send("EHLO client.example.org");
        List<String> extensions = client.expectCode(250);
        assertEquals(List.of("PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES",
                "SMTPUTF8", "STARTTLS"), extensions.subList(1, extensions.size()).stream()
                .map(line -> line.substring(4)).toList());
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    private void openTransaction() throws Exception {
        client.command("MAIL FROM:<alice@example.org>", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("DATA", GO_AHEAD);
    }

    /** CVE-2023-51764 and kin: LF.CRLF must neither end the data nor start a command. */
    @Test
    @Provokes({"INVALID_CHARACTER", "START_MAIL_INPUT"})
    void refusesSmugglingWithLfDotCrlfAndStoresNothing() throws Exception {
        openTransaction();
        client.sendRaw("Subject: first\r\n\r\nfirst\n.\r\nMAIL FROM:<spoof@example.net>\r\n"
                + "RCPT TO:<someone@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n");
        client.expect("500 5.5.2 syntax error - invalid character");
        assertTrue(client.staysSilentFor(500), "a smuggled command was answered");
        client.command("NOOP", OK);
        assertEquals(List.of(), maildir.newMessages());
    }

    @Test
    void refusesSmugglingWithLfDotLf() throws Exception {
        openTransaction();
        client.sendRaw("first\n.\nMAIL FROM:<spoof@example.net>\r\n.\r\n");
        client.expect("500 5.5.2 syntax error - invalid character");
        client.command("NOOP", OK);
        assertEquals(List.of(), maildir.newMessages());
    }

    /** RFC 5321 4.1.1.5 and 4.1.4: RSET always answers 250, forgets the envelope only. */
    @Test
    @Provokes({"RESET", "BAD_SEQUENCE_MAIL_FIRST"})
    void resetsTheEnvelopeButKeepsTheGreeting() throws Exception {
        client.command("RSET", "250 2.0.0 All SMTP buffer cleared");
        client.command("MAIL FROM:<alice@example.org>", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("RSET", "250 2.0.0 All SMTP buffer cleared");
        client.command("RCPT TO:<someone@example.com>",
                "503 5.5.1 Bad sequence of commands MAIL first");
        client.command("DATA", "503 5.5.1 Bad sequence of commands MAIL first");
        openTransaction();
        client.sendRaw("Subject: after RSET\r\n\r\nx\r\n.\r\n");
        client.expect(OK);
        assertEquals(1, maildir.newMessages().size());
    }

    /** RFC 1123 5.2.9: the null reverse-path of bounces must be accepted. */
    @Test
    void storesABounceFromTheNullReversePath() throws Exception {
        client.command("MAIL FROM:<>", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("DATA", GO_AHEAD);
        client.sendRaw("Subject: bounce\r\n\r\nundeliverable\r\n.\r\n");
        client.expect(OK);
        List<Path> stored = maildir.newMessages();
        assertEquals(1, stored.size());
        assertTrue(MaildirFolder.read(stored.get(0)).startsWith("Return-Path: <>\r\n"));
    }

    @Test
    @Provokes({"SYNTAX_ERROR_IN_PARAMETERS", "GREETING"})
    void refusesHeloWithoutDomainAndGoesOn() throws Exception {
        client.command("HELO", "501 5.5.4 Syntax error in parameters or arguments");
        client.command("EHLO", "501 5.5.4 Syntax error in parameters or arguments");
        client.send("HELO client.example.org");
        client.expect("250 " + serverName + " greets 127.0.0.1");
    }

    /** One reply to an overlong command line, and one to a message with an overlong line. */
    @Test
    @Provokes("LINE_TOO_LONG")
    void answersOverlongLinesOnceEach() throws Exception {
        client.command("X".repeat(10_000), "500 5.5.2 syntax error - line too long");
        client.command("NOOP", OK);
        openTransaction();
        client.sendRaw("Subject: long\r\n\r\n" + "y".repeat(5000) + "\r\n.\r\n");
        client.expect("500 5.5.2 syntax error - line too long");
        client.command("NOOP", OK);
        assertEquals(List.of(), maildir.newMessages());
    }

    /** RFC 5321 4.5.3.1.8 and 4.5.3.1.10: 100 recipients taken, then 452. */
    @Test
    @Provokes("TOO_MANY_RECIPIENTS")
    void takesAHundredRecipientsThenAnswers452() throws Exception {
        client.command("MAIL FROM:<alice@example.org>", OK);
        for (int i = 0; i < 100; i++) {
            client.command("RCPT TO:<r" + i + "@example.com>", OK);
        }
        for (int i = 100; i < 105; i++) {
            client.command("RCPT TO:<r" + i + "@example.com>", "452 4.5.3 too many RCPTs");
        }
        client.command("DATA", GO_AHEAD);
        client.sendRaw("Subject: many\r\n\r\nx\r\n.\r\n");
        client.expect(OK);
        assertEquals(1, maildir.newMessages().size());
    }

    @Test
    @Provokes("DUPLICATE_RECIPIENT")
    void acknowledgesADuplicateRecipientAndStoresOneMessage() throws Exception {
        client.command("MAIL FROM:<alice@example.org>", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("RCPT TO:<someone@example.com>", "250 2.1.5 duplicated RCPT");
        client.command("DATA", GO_AHEAD);
        client.sendRaw("Subject: dup\r\n\r\nx\r\n.\r\n");
        client.expect(OK);
        assertTrue(client.staysSilentFor(300), "more than one reply to one message");
        assertEquals(1, maildir.newMessages().size());
    }

    /** RFC 5321 4.5.2: every leading dot is transparency, the first line's too. */
    @Test
    void storesDotStuffedLinesUnstuffed() throws Exception {
        openTransaction();
        client.sendRaw("..first\r\nSubject: dots\r\n\r\n..\r\n...\r\n..hidden\r\n.\r\n");
        client.expect(OK);
        String stored = MaildirFolder.read(maildir.newMessages().get(0));
        assertTrue(stored.endsWith("\r\n.first\r\nSubject: dots\r\n\r\n.\r\n..\r\n.hidden\r\n"),
                stored);
        client.command("MAIL FROM:<alice@example.org>", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("DATA", GO_AHEAD);
        client.sendRaw(".\r\n");
        client.expect(OK);
        client.command("NOOP", OK);
    }

    /** RFC 1870: 552 for a declared size over the limit, and for data over it. */
    @Test
    @Provokes("MESSAGE_TOO_BIG")
    void refusesOversizedMessagesDeclaredOrNot() throws Exception {
        client.command("MAIL FROM:<alice@example.org> SIZE=10485761",
                "552 5.3.4 message exceeds fixed maximum message size");
        client.command("MAIL FROM:<alice@example.org> SIZE=1024", OK);
        client.command("RCPT TO:<someone@example.com>", OK);
        client.command("DATA", GO_AHEAD);
        String line = "z".repeat(998) + "\r\n";
        client.sendRaw("Subject: big\r\n\r\n" + line.repeat(10_600) + ".\r\n");
        client.expect("552 5.3.4 message exceeds fixed maximum message size");
        client.command("NOOP", OK);
        assertEquals(List.of(), maildir.newMessages());
    }

    @Test
    @Provokes("PARAMETER_NOT_RECOGNIZED")
    void answersMailParametersByWhatIsAdvertised() throws Exception {
        client.command("MAIL FROM:<alice@example.org> XCASEPROBE=1",
                "555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not implemented");
        client.command("MAIL FROM:<alice@example.org> BODY=8BITMIME", OK);
        client.command("RSET", "250 2.0.0 All SMTP buffer cleared");
        client.command("MAIL FROM:<j\u00f6rg@example.org> SMTPUTF8", OK);
        client.command("RCPT TO:<s\u00f8ren@example.com>", OK);
    }

    @Test
    void refusesNulInACommandAndKeepsTheState() throws Exception {
        client.sendRaw("MAIL FROM:<sen\0der@example.org>\r\n");
        client.expect("500 5.5.2 syntax error - invalid character");
        client.command("MAIL FROM:<sender@example.org>", OK);
    }

    /** RFC 5321 6.3: loop detection must not refuse a long but legitimate relay chain. */
    @Test
    void acceptsAMessageWithFiftyReceivedFields() throws Exception {
        openTransaction();
        String hop = "Received: from a.example by b.example; Thu, 3 Dec 2026 10:00:00 +0000\r\n";
        client.sendRaw(hop.repeat(50) + "Subject: hops\r\n\r\nx\r\n.\r\n");
        client.expect(OK);
        assertEquals(1, maildir.newMessages().size());
    }

    /** RFC 2920: one reply per pipelined command, in order, none lost after a failure. */
    @Test
    void answersPipelinedGroupsInOrder() throws Exception {
        client.sendRaw("MAIL FROM:<alice@example.org>\r\nRCPT TO:<>\r\n"
                + "RCPT TO:<someone@example.com>\r\nDATA\r\n");
        client.expect(OK);
        client.expect("501 5.5.4 Syntax error in parameters or arguments");
        client.expect(OK);
        client.expect(GO_AHEAD);
        client.sendRaw("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<alice@example.org>\r\n"
                + "RCPT TO:<other@example.com>\r\nDATA\r\n");
        client.expect(OK);
        client.expect(OK);
        client.expect(OK);
        client.expect(GO_AHEAD);
        client.sendRaw("Subject: two\r\n\r\n2\r\n.\r\nNOOP\r\n");
        client.expect(OK);
        client.expect(OK);
        assertTrue(client.staysSilentFor(300), "an extra reply came");
        assertEquals(2, maildir.newMessages().size());
    }
}
