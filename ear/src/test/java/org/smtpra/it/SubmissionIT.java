package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample's submission listeners on the deployed EAR: STARTTLS and implicit TLS with the
 * server's own key, AUTH checked by the server's file realm through security inflow, and the
 * bean running as the user. Users are created in the realm as an administrator would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SubmissionIT {

    private static final String USER = "it-submitter";
    private static final String PASSWORD = "it-Pa55-word";
    private static final String OK = "250 2.0.0 Ok";
    private static final String AUTH_OK = "235 2.7.0 Authentification OK, go ahead";
    private static final String INVALID = "535 5.7.8 Authentication credentials invalid";

    private final MaildirFolder maildir = MaildirFolder.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void userAndEmptyMaildir() throws Exception {
        Deployments.assertDeployed();
        RealmUsers.create(USER, PASSWORD);
        maildir.clear();
    }

    @Test
    void queuesMailFromJakartaMailOverStarttlsUnderTheCallersName() throws Exception {
        Properties starttls = mailProperties(Deployments.submissionPort());
        starttls.put("mail.smtp.starttls.enable", "true");
        starttls.put("mail.smtp.starttls.required", "true");
        send(starttls, "friend@elsewhere.example");

        List<Path> queued = maildir.outbox().newMessages();
        assertEquals(1, queued.size(), () -> "outbox holds " + queued);
        String content = MaildirFolder.read(queued.get(0));
        assertTrue(content.startsWith("X-Authenticated-User: " + USER + "\r\n"
                + "X-Envelope-From: <" + USER + "@example.com>\r\n"
                + "X-Envelope-To: <friend@elsewhere.example>\r\n"
                + "Received: from client.example.org ([127.0.0.1])\r\n"), content);
        assertTrue(content.contains(" with ESMTPSA id "), content);
        assertEquals(List.of(), maildir.newMessages(), "submitted mail is not delivered");
    }

    @Test
    void queuesMailFromJakartaMailOverImplicitTls() throws Exception {
        Properties implicit = mailProperties(Deployments.submissionsPort());
        implicit.put("mail.smtp.ssl.enable", "true");
        send(implicit, "someone@example.com");

        List<Path> queued = maildir.outbox().newMessages();
        assertEquals(1, queued.size(), () -> "outbox holds " + queued);
        assertTrue(MaildirFolder.read(queued.get(0))
                .startsWith("X-Authenticated-User: " + USER + "\r\n"));
    }

    @Test
    void servesTheServersOwnCertificate() throws Exception {
        try (SmtpClient client = SmtpClient.connectTls(Deployments.submissionsPort(),
                ServerKey.trusted())) {
            client.expectCode(220);
            assertArrayEquals(ServerKey.certificate().getEncoded(),
                    client.serverCertificates()[0].getEncoded());
        }
    }

    @Test
    @Provokes("STARTTLS_REQUIRED")
    void refusesMailBeforeStarttls() throws Exception {
        try (SmtpClient client = greeted(Deployments.submissionPort())) {
            List<String> ehlo = client.expectCode(250);
            assertEquals("250 STARTTLS", ehlo.get(ehlo.size() - 1));
            assertTrue(ehlo.stream().noneMatch(line -> line.contains("AUTH")), ehlo::toString);
            client.command("MAIL FROM:<" + USER + "@example.com>",
                    "550 5.7.0 Must issue a STARTTLS command first");
        }
    }

    @Test
    @Provokes("AUTHENTICATION_REQUIRED")
    void refusesMailBeforeAuth() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("MAIL FROM:<" + USER + "@example.com>",
                    "530 5.7.0 Authentication required");
        }
    }

    /** RFC 3207 4.2 and CVE-2011-0411: nothing sent in clear after STARTTLS runs in TLS. */
    @Test
    @Provokes("READY_TO_START_TLS")
    void dropsCommandsInjectedBeforeTheHandshake() throws Exception {
        try (SmtpClient client = greeted(Deployments.submissionPort())) {
            client.expectCode(250);
            client.sendRaw("STARTTLS\r\nRSET\r\n");
            client.expect("220 2.0.0 Ready to start TLS");
            client.startTls(ServerKey.trusted());
            assertTrue(client.staysSilentFor(500), "the injected RSET was answered");
            client.send("EHLO client.example.org");
            assertEquals("250 AUTH LOGIN PLAIN", last(client.expectCode(250)));
            assertTrue(client.staysSilentFor(300), "more than one reply to EHLO");
        }
    }

    /** RFC 4954 4: "*" cancels the exchange with 501, and the session goes on. */
    @Test
    @Provokes({"USERNAME_CHALLENGE", "AUTHENTICATION_ABORTED"})
    void cancelsAuthOnAStar() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("AUTH LOGIN", "334 VXNlcm5hbWU6");
            client.command("*", "501 5.7.0 Remote abort the authentication");
            client.command("NOOP", OK);
        }
    }

    @Test
    @Provokes({"PASSWORD_CHALLENGE", "AUTHENTICATION_SUCCEEDED"})
    void authenticatesWithLoginAgainstTheRealm() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("AUTH LOGIN " + base64(USER), "334 UGFzc3dvcmQ6");
            client.command(base64(PASSWORD), AUTH_OK);
            client.command("MAIL FROM:<" + USER + "@example.com>", OK);
        }
    }

    /** RFC 4954 4: a brute force ends the session after maxAuthFailures (3) failures. */
    @Test
    @Provokes({"INVALID_CREDENTIALS", "TOO_MANY_AUTHENTICATION_FAILURES"})
    void closesTheSessionAfterThreeWrongPasswords() throws Exception {
        try (SmtpClient client = secured()) {
            String wrong = "AUTH PLAIN " + plain(USER, "guess");
            client.command(wrong, INVALID);
            client.command("AUTH PLAIN " + plain("nobody-at-all", PASSWORD), INVALID);
            client.command(wrong, "554 5.7.0 Authentication has failed too many times");
            assertTrue(client.isClosedByServer(), "still open after the third failure");
        }
    }

    /** Only PLAIN is offered on the implicit TLS port: LOGIN is refused as too weak. */
    @Test
    @Provokes("AUTHENTICATION_MECHANISM_TOO_WEAK")
    void refusesAMechanismTheListenerDoesNotOffer() throws Exception {
        try (SmtpClient client = SmtpClient.connectTls(Deployments.submissionsPort(),
                ServerKey.trusted())) {
            client.expectCode(220);
            client.send("EHLO client.example.org");
            assertEquals("250 AUTH PLAIN", last(client.expectCode(250)));
            client.command("AUTH LOGIN", "534 5.7.9 Authentication mechanism is too weak");
            client.command("AUTH PLAIN " + plain(USER, PASSWORD), AUTH_OK);
        }
    }

    /** The MX listener offers AUTH only over TLS: a password in clear gets 538. */
    @Test
    @Provokes("ENCRYPTION_REQUIRED")
    void requiresEncryptionForAuthOnTheMxListener() throws Exception {
        try (SmtpClient client = greeted(Deployments.smtpPort())) {
            List<String> ehlo = client.expectCode(250);
            assertTrue(ehlo.stream().noneMatch(line -> line.contains("AUTH")), ehlo::toString);
            client.command("AUTH PLAIN " + plain(USER, PASSWORD),
                    "538 5.7.11 Encryption required for requested authentication mechanism");
            client.command("STARTTLS", "220 2.0.0 Ready to start TLS");
            client.startTls(ServerKey.trusted());
            client.send("EHLO client.example.org");
            assertEquals("250 AUTH LOGIN PLAIN", last(client.expectCode(250)));
            client.command("AUTH PLAIN " + plain(USER, PASSWORD), AUTH_OK);
        }
    }

    /**
     * Payara refuses password checks from an adapter that has a work security map; the client
     * is told to try later, not that its password is wrong.
     */
    @Test
    @Provokes("TEMPORARY_AUTHENTICATION_FAILURE")
    void answersATemporaryFailureWhenTheServerCannotCheckPasswords() throws Exception {
        String map = "it-smtp-map";
        Deployments.commandRunner().run("create-connector-work-security-map", "--raname",
                Deployments.APPLICATION + "#smtp-ra", "--principalsmap", "eis-user=" + USER,
                map);
        try (SmtpClient client = secured()) {
            client.command("AUTH PLAIN " + plain(USER, PASSWORD),
                    "554 5.7.0 Temporary authentication failure");
            client.command("NOOP", OK);
        } finally {
            Deployments.commandRunner().run("delete-connector-work-security-map", "--raname",
                    Deployments.APPLICATION + "#smtp-ra", map);
        }
    }

    /** RFC 4954 4: PLAIN without an initial response gets an empty challenge first. */
    @Test
    @Provokes("AUTHENTICATION_CONTINUE")
    void asksForThePlainResponseWhenAuthCameWithout() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("AUTH PLAIN", "334 OK, go on");
            client.command(plain(USER, PASSWORD), AUTH_OK);
        }
    }

    /** The sample refuses its expired user after the realm accepted the password. */
    @Test
    @Provokes("PASSWORD_TRANSITION_NEEDED")
    void refusesTheExpiredUserWithPasswordTransitionNeeded() throws Exception {
        RealmUsers.create("expired", PASSWORD);
        try (SmtpClient client = secured()) {
            client.command("AUTH PLAIN " + plain("expired", PASSWORD),
                    "432 4.7.12 A password transition is needed");
            client.command("MAIL FROM:<expired@example.com>",
                    "530 5.7.0 Authentication required");
        } finally {
            RealmUsers.delete("expired");
        }
    }

    private static SmtpClient greeted(int port) throws Exception {
        SmtpClient client = SmtpClient.connect(port);
        client.expectCode(220);
        client.send("EHLO client.example.org");
        return client;
    }

    /** Connected to the STARTTLS submission port, upgraded, and greeted again. */
    private static SmtpClient secured() throws Exception {
        SmtpClient client = greeted(Deployments.submissionPort());
        client.expectCode(250);
        client.command("STARTTLS", "220 2.0.0 Ready to start TLS");
        client.startTls(ServerKey.trusted());
        client.send("EHLO client.example.org");
        client.expectCode(250);
        return client;
    }

    private static Properties mailProperties(int port) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.localhost", "client.example.org");
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.socketFactory", ServerKey.trusted().getSocketFactory());
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        return properties;
    }

    /** Sends with Jakarta Mail as the test user; returns once the server said 250. */
    private static void send(Properties properties, String recipient) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress(USER + "@example.com"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(recipient));
        message.setSubject("Submitted");
        message.setText("Sent by an authenticated user.");
        Transport.send(message, USER, PASSWORD);
    }

    private static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String last(List<String> reply) {
        return reply.get(reply.size() - 1);
    }
}
