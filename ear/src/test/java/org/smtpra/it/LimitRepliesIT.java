package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Limits and timeouts set tiny by activation properties (LimitsBean: 2 errors, 1 transaction;
 * SlowBean: 2 seconds for a command and for a decision; LateGreetingBean: greets after a
 * second, 2 errors), reached over a real socket.
 */
class LimitRepliesIT extends SituationListeners {

    private static final String OK = "250 2.0.0 Ok";
    private static final String TOO_EARLY = "503 5.5.1 Bad sequence of commands";
    private static final String TOO_MANY_ERRORS = "421 4.7.0 Too much failure in SMTP session";
    private static final String UNRECOGNIZED = "500 5.5.1 syntax error - command unrecognized";

    @Test
    @Provokes({"TOO_MANY_ERRORS", "COMMAND_UNRECOGNIZED"})
    void closesTheSessionPastMaxErrors() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("limits"))) {
            client.command("XYZZY", UNRECOGNIZED);
            client.command("XYZZY", UNRECOGNIZED);
            client.command("XYZZY", "421 4.7.0 Too much failure in SMTP session");
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }

    @Test
    @Provokes("TOO_MANY_TRANSACTIONS")
    void refusesMailPastMaxTransactions() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("limits"))) {
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: one\r\n\r\nx\r\n.\r\n");
            client.expect(OK);
            client.command("MAIL FROM:<alice@example.org>",
                    "554 5.7.0 Too many MAIL transactions in the same connection");
        }
    }

    /** The bean takes 4 seconds over slow@; the client hears after 2, and goes on. */
    @Test
    @Provokes("TIMEOUT")
    void answersTimeoutWhenTheBeanTakesTooLong() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("slow"))) {
            client.command("MAIL FROM:<alice@example.org>", OK);
            client.command("RCPT TO:<slow@example.com>", "451 4.3.0 Timeout");
            client.command("RCPT TO:<someone@example.com>", OK);
        }
    }

    @Test
    @Provokes("TIMEOUT")
    void closesAnIdleSessionAfterTheCommandTimeout() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("slow"))) {
            client.expect("451 4.3.0 Timeout");
            assertTrue(client.isClosedByServer(), "still open after the timeout");
        }
    }

    /**
     * A client that trickles a command one byte at a time gains nothing: the command
     * timeout counts from the greeting, not from its last byte.
     */
    @Test
    @Provokes("TIMEOUT")
    void closesATricklingClientAfterTheCommandTimeout() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port("slow"))) {
            client.expect("220 mx.example.com Service ready");
            long start = System.nanoTime();
            int sent = 0;
            try {
                for (byte b : "EHLO trickle.example.org".getBytes(StandardCharsets.US_ASCII)) {
                    client.sendRaw(new byte[] {b});
                    sent++;
                    Thread.sleep(250);
                }
            } catch (IOException closedByTheServer) {
                // The server closed the connection; the reply it sent before is read below.
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(List.of("451 4.3.0 Timeout"), client.readUntilClosed());
            assertTrue(seconds < 4 && sent >= 6, "the trickle went on for " + seconds
                    + " s, " + sent + " bytes");
        }
    }

    /** Commands sent before the greeting get 503, unrun, and count as errors. */
    @Test
    @Provokes({"BAD_SEQUENCE", "TOO_MANY_ERRORS"})
    void refusesCommandsSentBeforeTheGreeting() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port("lategreeting"))) {
            client.send("EHLO early.example.org");
            client.expect("220 mx.example.com Service ready");
            client.expect(TOO_EARLY);
            client.send("EHLO late.example.org");
            client.expectCode(250);
            client.command("NOOP", OK);
        }
        try (SmtpClient client = SmtpClient.connect(Deployments.port("lategreeting"))) {
            client.sendRaw("EHLO early.example.org\r\nMAIL FROM:<a@example.org>\r\n"
                    + "RCPT TO:<b@example.com>\r\n");
            client.expect("220 mx.example.com Service ready");
            client.expect(TOO_EARLY);
            client.expect(TOO_EARLY);
            client.expect(TOO_MANY_ERRORS);
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }

    /**
     * Commands pipelined where RFC 2920 does not allow it (behind a command whose reply the
     * client must wait for, and in a HELO session) get 503, unrun, and count as errors.
     */
    @Test
    @Provokes({"BAD_SEQUENCE", "TOO_MANY_ERRORS"})
    void refusesCommandsPipelinedWhereNotAllowed() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("limits"))) {
            client.sendRaw("NOOP\r\nMAIL FROM:<a@example.org>\r\n");
            client.expect(OK);
            client.expect(TOO_EARLY);
            client.command("MAIL FROM:<a@example.org>", OK);
        }
        try (SmtpClient client = SmtpClient.connect(Deployments.port("limits"))) {
            client.expect("220 mx.example.com Service ready");
            client.command("HELO client.example.org", "250 mx.example.com greets 127.0.0.1");
            client.sendRaw("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");
            client.expect(OK);
            client.expect(TOO_EARLY);
            client.expect(TOO_EARLY);
            client.expect(TOO_MANY_ERRORS);
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }
}
