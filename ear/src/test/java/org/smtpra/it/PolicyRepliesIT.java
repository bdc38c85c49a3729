package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The built-in policy over a real socket, each rule set by activation properties of a test
 * bean (smtp-it-beans): the lists, the strict modes, the hop limit, and relaying from inside
 * and from outside the relay networks.
 */
class PolicyRepliesIT extends SituationListeners {

    private static final String OK = "250 2.0.0 Ok";

    @Test
    @Provokes({"ACCESS_DENIED", "INVALID_HELO_HOST", "GREETING"})
    void refusesDeniedAndUnqualifiedHeloNames() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port("policy"))) {
            client.expect("220 mx.example.com Service ready");
            client.command("EHLO bot.spam.example", "550 5.7.1 access denied to you");
            client.command("HELO my_pc", "554 5.5.2 Invalid EHLO/HELO FQDN host");
            client.command("HELO client.example.org", "250 mx.example.com greets 127.0.0.1");
        }
    }

    @Test
    @Provokes({"SENDER_BLACKLISTED", "SENDER_IN_AUDIT_LIST"})
    void refusesListedSendersAndHoldsAuditedOnes() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("policy"))) {
            client.command("MAIL FROM:<anyone@spam.example>",
                    "553 5.7.1 Access is denied - sender is in the blacklist");
            client.command("MAIL FROM:<watch@example.org>", "453 4.7.1 Access is denied - "
                    + "sender is in the audit blacklist, try later");
            client.command("MAIL FROM:<fine@example.org>", OK);
        }
    }

    @Test
    @Provokes("RECIPIENT_BLACKLISTED")
    void refusesListedRecipients() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("policy"))) {
            client.command("MAIL FROM:<fine@example.org>", OK);
            client.command("RCPT TO:<old-list@example.com>",
                    "554 5.7.1 RCPT old-list@example.com is in the blacklist");
            client.command("RCPT TO:<someone@example.com>", OK);
        }
    }

    /** Relay senders are set: the relay networks relay for them only. */
    @Test
    @Provokes("RELAY_FROM_SENDER_DENIED")
    void relaysFromTheRelayNetworksForRelaySendersOnly() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("policy"))) {
            client.command("MAIL FROM:<someone@example.org>", OK);
            client.command("RCPT TO:<friend@elsewhere.example>",
                    "554 5.7.1 Relay from your addr someone@example.org is denied");
            client.command("RSET", "250 2.0.0 All SMTP buffer cleared");
            client.command("MAIL FROM:<noreply@app.example.org>", OK);
            client.command("RCPT TO:<friend@elsewhere.example>", OK);
        }
    }

    /** The client on 127.0.0.1 is outside the relay networks of OutsideBean. */
    @Test
    @Provokes({"USE_SUBMISSION_SERVER", "RELAY_FROM_CLIENT_DENIED", "RELAY_TO_DENIED"})
    void namesWhatIsWrongWithMailFromOutside() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("outside"))) {
            client.command("MAIL FROM:<boss@example.com>", "553 5.7.1 Access is denied - "
                    + "please use the smtp server instead of MX");
            client.command("MAIL FROM:<noreply@app.example.org>", OK);
            client.command("RCPT TO:<friend@elsewhere.example>",
                    "554 5.7.1 Relay from your IP address 127.0.0.1 is denied");
            client.command("RSET", "250 2.0.0 All SMTP buffer cleared");
            client.command("MAIL FROM:<stranger@example.org>", OK);
            client.command("RCPT TO:<friend@elsewhere.example>",
                    "554 5.7.1 Relay to friend@elsewhere.example is denied");
            client.command("RCPT TO:<someone@example.com>", OK);
        }
    }

    @Test
    @Provokes("CLIENT_DENIED")
    void refusesADeniedClientBeforeTheGreeting() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port("denied"))) {
            client.expect("521 Access is denied from your IP address 127.0.0.1");
            assertTrue(client.isClosedByServer(), "still open after 521");
        }
    }

    @Test
    @Provokes("CLIENT_DENIED_TEMPORARILY")
    void putsOffADeferredClientBeforeTheGreeting() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port("deferred"))) {
            client.expect("421 Access is denied from your IP address 127.0.0.1, please try "
                    + "later");
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }

    /** maxHops is 3: three Received fields of the client's make a loop. */
    @Test
    @Provokes("TOO_MANY_HOPS")
    void refusesAMessageWithTooManyHops() throws Exception {
        String hop = "Received: from a.example by b.example; Thu, 3 Dec 2026 10:00:00 +0000\r\n";
        try (SmtpClient client = inTransaction()) {
            client.sendRaw(hop.repeat(3) + "Subject: loop\r\n\r\nx\r\n.\r\n");
            client.expect("554 5.4.6 too many hops, this message is looping");
            client.startData("fine@example.org", "someone@example.com");
            client.sendRaw(hop.repeat(2) + "Subject: fine\r\n\r\nx\r\n.\r\n");
            client.expect(OK);
        }
    }

    /** strictMime: a multipart without its closing delimiter is refused for now. */
    @Test
    @Provokes("MESSAGE_NOT_CONFORMING")
    void refusesMalformedMime() throws Exception {
        try (SmtpClient client = inTransaction()) {
            client.sendRaw("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n"
                    + "\r\n--b1\r\nContent-Type: text/plain\r\n\r\nno end\r\n.\r\n");
            client.expect("451 4.6.0 Message doesn't conform to the EMIME standard.");
        }
    }

    private static SmtpClient inTransaction() throws Exception {
        SmtpClient client = SmtpClient.introduced(Deployments.port("policy"));
        client.startData("fine@example.org", "someone@example.com");
        return client;
    }
}
