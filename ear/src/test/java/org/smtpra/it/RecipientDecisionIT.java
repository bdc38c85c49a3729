package org.smtpra.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample bean's decisions for the special mailboxes of example.com, as a client sees
 * them on the wire: each reply comes from the catalog, with its enhanced status code.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RecipientDecisionIT {

    private SmtpClient client;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    /** Greeted, introduced and with a transaction open: ready for RCPT. */
    @BeforeEach
    void openTransaction() throws Exception {
        Deployments.assertDeployed();
        client = SmtpClient.connect(Deployments.smtpPort());
        client.expectCode(220);
        client.send("EHLO client.example.org");
        client.expectCode(250);
        client.command("MAIL FROM:<alice@example.org>", "250 2.0.0 Ok");
    }

    @AfterEach
    void quit() throws Exception {
        client.send("QUIT");
        client.expectCode(221);
        client.close();
    }

    @Test
    @Provokes("OK")
    void acceptsAnyOtherMailboxOfExampleCom() throws Exception {
        client.command("RCPT TO:<someone@example.com>", "250 2.0.0 Ok");
    }

    @Test
    @Provokes("INVALID_USER")
    void rejectsNobodyAsInvalidUser() throws Exception {
        client.command("RCPT TO:<nobody@example.com>",
                "550 5.1.1 invalid user - nobody@example.com");
    }

    @Test
    @Provokes("MAILBOX_FULL")
    void rejectsFullAsMailboxFull() throws Exception {
        client.command("RCPT TO:<full@example.com>",
                "550 5.2.2 Mailbox full@example.com is full");
    }

    @Test
    @Provokes("MAILBOX_FULL_TEMPORARILY")
    void defersFullForNowAsMailboxFullForNow() throws Exception {
        client.command("RCPT TO:<full-for-now@example.com>",
                "450 4.2.2 Mailbox full-for-now@example.com is full");
    }

    @Test
    @Provokes("MAIL_ACTION_NOT_TAKEN")
    void defersLockedAsActionNotTaken() throws Exception {
        client.command("RCPT TO:<locked@example.com>", "450 4.2.0 Requested mail action not taken");
    }

    @Test
    @Provokes("MAILBOX_ACCESS_DENIED")
    void rejectsPrivateAsAccessDenied() throws Exception {
        client.command("RCPT TO:<private@example.com>",
                "550 5.7.1 Access to Mailbox private@example.com  is denied");
    }

    @Test
    @Provokes("USER_NOT_LOCAL_WILL_FORWARD")
    void forwardsMovedToItsNewAddress() throws Exception {
        client.command("RCPT TO:<moved@example.com>",
                "251 2.1.5 User not local; will forward to <moved@example.net>");
    }
}
