package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real mail client sends a message; the sample bean stores it in the Maildir, and its
 * envelope and content in the database.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MailDeliveryIT {

    private static final String RETURN_PATH = "Return-Path: <alice@example.org>\r\n";

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private final SampleDatabase database = SampleDatabase.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void emptyStores() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
        database.clear();
    }

    @Test
    void storesOneFileWithTheBodyAndOneReceivedField() throws Exception {
        send("someone@example.com", "Greetings", "Hello from Jakarta Mail.");

        List<Path> delivered = maildir.newMessages();
        assertEquals(1, delivered.size(), () -> "new/ holds " + delivered);
        String content = MaildirFolder.read(delivered.get(0));
        assertTrue(content.startsWith(RETURN_PATH
                + "Received: from client.example.org ([127.0.0.1])"), content);
        assertEquals(1, count("(?m)^Received:", content), content);
        assertTrue(content.contains("Subject: Greetings\r\n"), content);
        assertTrue(content.contains("Hello from Jakarta Mail."), content);
        assertEquals(List.of(), maildir.temporaryFiles());

        SampleDatabase.Row row = onlyRow();
        assertEquals(delivered.get(0).getFileName().toString(), row.maildirFile());
        assertEquals("<someone@example.com>", row.recipients());
        String received = content.substring(RETURN_PATH.length());
        assertEquals(received, new String(row.content(), StandardCharsets.UTF_8));
        assertEquals(received.length(), row.size());
    }

    @Test
    void storesOneFileForSeveralRecipients() throws Exception {
        send("someone@example.com, other@example.com", "Two", "One copy only.");

        assertEquals(1, maildir.newMessages().size());
        assertEquals("<someone@example.com>, <other@example.com>", onlyRow().recipients());
    }

    /** Past the 1 MiB spool threshold the message is on disk while the bean reads it. */
    @Test
    void storesALargeMessageThatWasSpooled() throws Exception {
        String line = "x".repeat(76) + "\r\n";
        String body = line.repeat(2 * 1024 * 1024 / line.length()) + "the end\r\n";
        send("someone@example.com", "Large", body);

        List<Path> delivered = maildir.newMessages();
        assertEquals(1, delivered.size());
        String content = MaildirFolder.read(delivered.get(0));
        assertTrue(content.length() > body.length(), () -> "only " + content.length());
        assertTrue(content.endsWith("the end\r\n"), "the end is missing");

        SampleDatabase.Row row = onlyRow();
        assertEquals("<alice@example.org>", row.reversePath());
        assertEquals(content.length() - RETURN_PATH.length(), row.size());
        assertNull(row.content(), "past the limit, the content is in the Maildir only");
    }

    /**
     * The sample's discard service takes a message for a mailbox that the sample's mailbox
     * listener refuses, and keeps it nowhere: its bean decides on the message alone.
     */
    @Test
    void discardServiceAcceptsAnyRecipientAndStoresNothing() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.discardPort())) {
            client.command("MAIL FROM:<alice@example.org>", "250 2.0.0 Ok");
            client.command("RCPT TO:<nobody@example.com>", "250 2.0.0 Ok");
            client.command("DATA", "354 Start mail input; end with CRLF.CRLF");
            client.sendRaw("Subject: Gone\r\n\r\nRead and dropped.\r\n.\r\n");
            client.expect("250 2.0.0 Ok");
            client.command("QUIT", "221 2.0.0 " + Deployments.hostName() + " GoodBye!");
        }
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<alice@example.org>", "250 2.0.0 Ok");
            client.command("RCPT TO:<nobody@example.com>",
                    "550 5.1.1 invalid user - nobody@example.com");
        }

        assertEquals(List.of(), maildir.newMessages());
        assertEquals(List.of(), maildir.temporaryFiles());
        assertEquals(List.of(), database.rows());
    }

    private SampleDatabase.Row onlyRow() throws Exception {
        List<SampleDatabase.Row> rows = database.rows();
        assertEquals(1, rows.size(), () -> "rows: " + rows);
        return rows.get(0);
    }

    /** Sends with Jakarta Mail; it returns once the server has said 250 to the message. */
    private static void send(String recipients, String subject, String text) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(Deployments.smtpPort()));
        properties.put("mail.smtp.localhost", "client.example.org");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("alice@example.org"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(recipients));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }

    private static int count(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
