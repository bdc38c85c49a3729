package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The replies of plain protocol on the deployed sample, whole lines as RFC 5321 and its
 * extensions have them: the greetings, the informational commands, commands out of sequence
 * or not offered, and parameters or addresses the server does not take.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolRepliesIT {

    private static final String OK = "250 2.0.0 Ok";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void deployed() throws Exception {
        Deployments.assertDeployed();
    }

    /** Without a serverName the sample's listener names itself after the host. */
    @Test
    @Provokes({"SERVICE_READY", "GREETING", "CLOSING"})
    void greetsAndSaysGoodbyeWithItsName() throws Exception {
        String host = Deployments.hostName();
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.expect("220 " + host + " Service ready");
            client.command("HELO client.example.org", "250 " + host + " greets 127.0.0.1");
            client.command("QUIT", "221 2.0.0 " + host + " GoodBye!");
            assertTrue(client.isClosedByServer(), "still open after QUIT");
        }
    }

    @Test
    @Provokes({"HELP", "CANNOT_VERIFY_USER", "OK"})
    void answersTheInformationalCommands() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("HELP", "214 2.0.0 Help availble on http://www.gridware.com.cn");
            client.command("VRFY someone", "252 2.0.0 Cannot VRFY user, but will accept "
                    + "message and attempt");
            client.command("NOOP", OK);
        }
    }

    @Test
    @Provokes({"COMMAND_UNRECOGNIZED", "COMMAND_NOT_IMPLEMENTED"})
    void refusesUnknownAndUnimplementedCommands() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("XYZZY", "500 5.5.1 syntax error - command unrecognized");
            client.command("EXPN staff", "502 5.5.1 Command not implemented");
            client.command("NOOP", OK);
        }
    }

    @Test
    @Provokes({"BAD_SEQUENCE", "BAD_SEQUENCE_RCPT_FIRST"})
    void refusesCommandsOutOfSequence() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.expectCode(220);
            client.command("MAIL FROM:<alice@example.org>", "503 5.5.1 Bad sequence of commands");
            client.send("EHLO client.example.org");
            client.expectCode(250);
            client.command("MAIL FROM:<alice@example.org>", OK);
            client.command("DATA", "503 5.5.1 Bad sequence of commands RCPT first");
        }
    }

    @Test
    @Provokes("NO_VALID_RECIPIENTS")
    void refusesDataWhenEveryRecipientWasRefused() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<alice@example.org>", OK);
            client.command("RCPT TO:<nobody@example.com>",
                    "550 5.1.1 invalid user - nobody@example.com");
            client.command("DATA", "554 5.5.1 no valid recipients");
        }
    }

    /** RFC 3030: BINARYMIME needs CHUNKING, which is not offered. */
    @Test
    @Provokes("PARAMETER_NOT_IMPLEMENTED")
    void refusesBinaryMime() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<alice@example.org> BODY=BINARYMIME",
                    "504 5.5.4 Command parameter not implemented");
        }
    }

    /** RFC 6531 3.5: UTF-8 in an address needs SMTPUTF8 on MAIL. */
    @Test
    @Provokes({"NON_ASCII_SENDER", "MAILBOX_NAME_NOT_ALLOWED"})
    void refusesUtf8AddressesWithoutSmtpUtf8() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<j\u00f6rg@example.org>",
                    "550 5.6.7 Non-ASCII addresses not permitted for that sender");
            client.command("MAIL FROM:<alice@example.org>", OK);
            client.command("RCPT TO:<s\u00f8ren@example.com>",
                    "553 5.6.7 Requested action not taken: mailbox name not allowed");
        }
    }

    @Test
    @Provokes("UNRECOGNIZED_AUTHENTICATION_TYPE")
    void refusesAnUnknownSaslMechanism() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("AUTH CRAM-MD5", "504 5.5.4 Unrecognized authentication type");
        }
    }
}
