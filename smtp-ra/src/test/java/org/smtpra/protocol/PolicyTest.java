package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Reply;
import org.smtpra.policy.AddressList;
import org.smtpra.policy.ListSource;
import org.smtpra.policy.Policy;

/** The built-in rules as a client meets them, one catalog reply each. */
class PolicyTest {

    static final String OK = "250 2.0.0 Ok\r\n";

    private static ListSource<AddressList> addresses(String... entries) {
        return ListSource.fixed(AddressList.of(List.of(entries)));
    }

    private static ListSource<NetworkList> networks(String text) {
        return ListSource.fixed(NetworkList.parse(text));
    }

    private static TestSession client(Policy policy) {
        return client(TestSession.config().policy(policy));
    }

    private static TestSession client(SessionConfig.Builder config) {
        return new TestSession(config.build(), new SmtpSessionTest.Mailboxes());
    }

    private static TestSession greeted(Policy policy) {
        TestSession client = client(policy);
        client.start();
        client.send("EHLO client.example.org\r\n");
        return client;
    }

    @Test
    void refusesDeniedClientsForGoodAndDeferredOnesForNow() {
        TestSession denied = client(Policy.builder().deniedClients(networks("192.0.2.0/24"))
                .build());
        assertEquals("521 Access is denied from your IP address 192.0.2.10\r\n",
                denied.start());
        assertTrue(denied.isClosed());
        TestSession deferred = client(Policy.builder()
                .deferredClients(networks("192.0.2.10")).build());
        assertEquals("421 Access is denied from your IP address 192.0.2.10, please try later"
                + "\r\n", deferred.start());
        assertTrue(deferred.isClosed());
    }

    @Test
    void greetsWith421WhenTheListenerCannotWork() {
        TestSession client = client(TestSession.config()
                .unavailable(Reply.SERVICE_NOT_AVAILABLE_NO_HOSTED_DOMAIN));
        assertEquals("421 mx.example.com Service not available - no valid hosted domain\r\n",
                client.start());
        assertTrue(client.isClosed());
    }

    @Test
    void refusesDeniedHeloNamesAndNamesThatAreNotQualifiedInStrictMode() {
        TestSession client = client(Policy.builder().deniedHeloNames(addresses(".spam.example"))
                .strictHelo(true).build());
        client.start();
        assertEquals("550 5.7.1 access denied to you\r\n",
                client.send("EHLO bot.spam.example\r\n"));
        assertEquals("554 5.5.2 Invalid EHLO/HELO FQDN host\r\n", client.send("HELO my_pc\r\n"));
        assertEquals("554 5.5.2 Invalid EHLO/HELO FQDN host\r\n",
                client.send("HELO localhost\r\n"));
        assertEquals("250 mx.example.com greets 192.0.2.10\r\n",
                client.send("HELO [192.0.2.10]\r\n"));
        assertEquals("250 mx.example.com greets 192.0.2.10\r\n",
                client.send("HELO host.example.org\r\n"));
    }

    @Test
    void refusesBlacklistedSendersAndHoldsAuditedOnes() {
        TestSession client = greeted(Policy.builder().deniedSenders(addresses("spam.example"))
                .auditedSenders(addresses("watch@example.org")).build());
        assertEquals("553 5.7.1 Access is denied - sender is in the blacklist\r\n",
                client.send("MAIL FROM:<a@spam.example>\r\n"));
        assertEquals("453 4.7.1 Access is denied - sender is in the audit blacklist, try later"
                + "\r\n", client.send("MAIL FROM:<watch@example.org>\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<fine@example.org>\r\n"));
    }

    @Test
    void sendsLocalSendersFromOutsideToTheSubmissionServer() {
        TestSession client = greeted(Policy.builder().localSendersMustAuthenticate(true)
                .build());
        assertEquals("553 5.7.1 Access is denied - please use the smtp server instead of MX"
                + "\r\n", client.send("MAIL FROM:<boss@example.com>\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<stranger@example.org>\r\n"));
    }

    @Test
    void refusesBlacklistedRecipients() {
        TestSession client = greeted(Policy.builder()
                .deniedRecipients(addresses("old-list@example.com")).build());
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("554 5.7.1 RCPT old-list@example.com is in the blacklist\r\n",
                client.send("RCPT TO:<old-list@example.com>\r\n"));
    }

    @Test
    void namesWhatIsWrongWithARelayAttempt() {
        Policy policy = Policy.builder().relaySenders(addresses("app.example.org")).build();
        TestSession outside = client(TestSession.config().policy(policy));
        outside.start();
        outside.send("EHLO c.example.org\r\nMAIL FROM:<noreply@app.example.org>\r\n");
        assertEquals("554 5.7.1 Relay from your IP address 192.0.2.10 is denied\r\n",
                outside.send("RCPT TO:<friend@elsewhere.org>\r\n"));
        outside.send("RSET\r\nMAIL FROM:<someone@example.org>\r\n");
        assertEquals("554 5.7.1 Relay to friend@elsewhere.org is denied\r\n",
                outside.send("RCPT TO:<friend@elsewhere.org>\r\n"));

        TestSession inside = client(TestSession.config().policy(policy)
                .relayNetworks(NetworkList.parse("192.0.2.0/24")));
        inside.start();
        inside.send("EHLO c.example.org\r\nMAIL FROM:<spoofed@example.org>\r\n");
        assertEquals("554 5.7.1 Relay from your addr spoofed@example.org is denied\r\n",
                inside.send("RCPT TO:<friend@elsewhere.org>\r\n"));
        inside.send("RSET\r\nMAIL FROM:<noreply@app.example.org>\r\n");
        assertEquals(OK, inside.send("RCPT TO:<friend@elsewhere.org>\r\n"));
    }

    @Test
    void takesTheHundredthHopForALoop() {
        TestSession client = greeted(Policy.defaults());
        String hop = "Received: from a.example by b.example; Thu, 3 Dec 2026 10:00:00 +0000\r\n";
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals(OK, client.send(hop.repeat(99) + "Subject: 99\r\n\r\nx\r\n.\r\n"));
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals("554 5.4.6 too many hops, this message is looping\r\n",
                client.send("RECEIVED: x\r\n".repeat(100) + "\r\nx\r\n.\r\n"));
    }

    @Test
    void countsOnlyReceivedFieldsOfTheHeader() {
        TestSession client = greeted(Policy.builder().maxHops(2).build());
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals(OK, client.send("Received: 1\r\nSubject: s\r\n\r\n"
                + "Received: in the body\r\nReceived: too\r\n.\r\n"));
    }

    @Test
    void refusesMalformedMimeInStrictMode() {
        TestSession client = greeted(Policy.builder().strictMime(true).build());
        String head = "From: a@x.org\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n";
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals("451 4.6.0 Message doesn't conform to the EMIME standard.\r\n",
                client.send(head + "--b1\r\nContent-Type: text/plain\r\n\r\nno end\r\n.\r\n"));
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals("451 4.6.0 Message doesn't conform to the EMIME standard.\r\n",
                client.send("not a header line\r\n\r\nbody\r\n.\r\n"));
        for (String bad : List.of(
                head + "--b1\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@\r\n--b1--\r\n",
                head + "--b1\r\nContent-Transfer-Encoding: rot13\r\n\r\nx\r\n--b1--\r\n",
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nx\r\n",
                "Content-Type: text/plain; charset=\"unterminated\r\n\r\nx\r\n")) {
            client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertEquals("451 4.6.0 Message doesn't conform to the EMIME standard.\r\n",
                    client.send(bad + ".\r\n"), bad);
        }
        client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        assertEquals(OK, client.send(head + "--b1\r\nContent-Type: text/plain\r\n\r\nfine\r\n"
                + "--b1\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b1--\r\n.\r\n"));
        assertEquals(1, client.delivered().size());
    }
}
