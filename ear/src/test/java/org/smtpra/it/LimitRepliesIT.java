package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Limits and timeouts set tiny by activation properties (LimitsBean: 2 errors, 1 transaction;
 * SlowBean: 2 seconds for a command and for a decision), reached over a real socket.
 */
class LimitRepliesIT extends SituationListeners {

    private static final String OK = "250 2.0.0 Ok";
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
}
