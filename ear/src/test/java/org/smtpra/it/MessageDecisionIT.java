package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The sample bean's decisions on whole messages: the small mailbox's quota, and the EICAR test
 * virus. A refused message is not stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessageDecisionIT {

    private static final String OK = "250 2.0.0 Ok";
    /** The EICAR test file, which anti-virus scanners detect as if it were a virus. */
    private static final String EICAR =
            "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private SmtpClient client;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void introduced() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
        client = SmtpClient.introduced(Deployments.smtpPort());
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    /** small@example.com has a quota of 1024 octets, the Received field included. */
    @Test
    @Provokes("STORAGE_ALLOCATION_EXCEEDED")
    void refusesAMessageOverTheSmallMailboxsQuota() throws Exception {
        send("small@example.com", "Subject: big\r\n\r\n" + "x".repeat(76).concat("\r\n")
                .repeat(20));
        client.expect("554 5.3.4 Requested mail action aborted: exceeded storage allocation; "
                + "too much mail data");
        send("small@example.com", "Subject: small\r\n\r\nshort\r\n");
        client.expect(OK);
        assertEquals(1, maildir.newMessages().size());
    }

    @Test
    @Provokes("VIRUS_FOUND")
    void refusesAMessageWithTheTestVirus() throws Exception {
        send("someone@example.com", "Subject: attachment\r\n\r\nsee below\r\n" + EICAR + "\r\n");
        client.expect("554 5.7.1 Message is infected by virus");
        assertEquals(List.of(), maildir.newMessages());
    }

    private void send(String recipient, String message) throws Exception {
        client.startData("alice@example.org", recipient);
        client.sendRaw(message + ".\r\n");
    }
}
