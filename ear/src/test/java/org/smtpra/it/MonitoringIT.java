package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an administrator sees of the deployed EAR: the metrics of the sample's MX listener,
 * read through JMX from the server's platform MBean server as jconsole would, and the lines
 * the server's log gets for one session. The sessions have known outcomes, and every count
 * is asserted exactly, as the difference between before and after them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MonitoringIT {

    private static final String USER = "it-monitor";
    private static final String PASSWORD = "it-M0nitor-pw";
    private static final String OK = "250 2.0.0 Ok";
    private static final String DATA = "354 Start mail input; end with CRLF.CRLF";
    private static final String BODY_MARKER = "a-body-line-that-must-not-be-logged";
    private static final long WAIT_MILLIS = 10_000;

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private final MaildirFolder maildir = MaildirFolder.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void deployedWithUserAndEmptyMaildir() throws Exception {
        Deployments.assertDeployed();
        RealmUsers.create(USER, PASSWORD);
        maildir.clear();
    }

    @Test
    void countsRepliesPerCatalogIdAndEveryOutcome() throws Exception {
        ObjectName mx = new ObjectName("org.smtpra:type=SmtpListener,name=MailboxBean");
        Map<String, Object> before = read(mx);

        long delivered = deliverOneOfThreeRecipients();
        refuseAMessageAndAnUnknownCommand();
        authenticateOverStarttls();
        failATlsHandshake();
        awaitValue(mx, "SessionsOpen", before.get("SessionsOpen"));

        Map<String, Object> after = read(mx);
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("2172002 SERVICE_READY", 4L),
                Map.entry("2172011 GREETING", 5L),
                Map.entry("2172005 OK", 5L),
                Map.entry("2175016 INVALID_USER", 1L),
                Map.entry("2175017 MAILBOX_FULL", 1L),
                Map.entry("2173003 START_MAIL_INPUT", 2L),
                Map.entry("2172003 CLOSING", 3L),
                Map.entry("2175003 COMMAND_UNRECOGNIZED", 1L),
                Map.entry("2175025 STORAGE_ALLOCATION_EXCEEDED", 1L),
                Map.entry("2172010 READY_TO_START_TLS", 2L),
                Map.entry("2175037 INVALID_CREDENTIALS", 1L),
                Map.entry("2172004 AUTHENTICATION_SUCCEEDED", 1L))),
                delta(before, after, "RepliesSent"));
        assertEquals(Map.of("RCPT", 2L, "unknown command", 1L, "end of DATA", 1L, "AUTH", 1L),
                delta(before, after, "RejectionsByStage"));
        assertEquals(Map.of("CONNECT", 4L, "HELO", 5L, "AUTH", 1L, "MAIL", 2L, "RCPT", 4L,
                "DATA", 2L), delta(before, after, "DecisionsByStage"));
        Map<String, Long> counts = new TreeMap<>();
        for (String counter : List.of("SessionsTotal", "MessagesAccepted", "MessagesRejected",
                "MessageOctetsAccepted", "TlsHandshakes", "TlsHandshakeFailures",
                "AuthSuccesses", "AuthFailures", "Decisions")) {
            counts.put(counter, (Long) after.get(counter) - (Long) before.get(counter));
        }
        assertEquals(new TreeMap<>(Map.of("SessionsTotal", 4L, "MessagesAccepted", 1L,
                "MessagesRejected", 1L, "MessageOctetsAccepted", delivered,
                "TlsHandshakes", 1L, "TlsHandshakeFailures", 1L, "AuthSuccesses", 1L,
                "AuthFailures", 1L, "Decisions", 18L)), counts);
        long[] histogram = (long[]) after.get("DecisionTimeHistogram");
        long[] earlier = (long[]) before.get("DecisionTimeHistogram");
        long bucketed = 0;
        for (int i = 0; i < histogram.length; i++) {
            bucketed += histogram[i] - earlier[i];
        }
        assertEquals(18, bucketed, "every decision falls in one bucket of the histogram");
    }

    /**
     * Only the listeners open now have an MBean: those of applications undeployed before,
     * by the tests that ran earlier in this server, are gone, or they would hold their
     * class loaders and come back numbered.
     */
    @Test
    void showsAnMBeanForEachOpenListenerOnly() throws Exception {
        Set<String> listeners = new TreeSet<>();
        for (ObjectName name : jmx.queryNames(new ObjectName("org.smtpra:*"), null)) {
            assertEquals("SmtpListener", name.getKeyProperty("type"), name::toString);
            listeners.add(name.getKeyProperty("name"));
        }
        assertEquals(Set.of("DiscardBean", "MailboxBean", "SubmissionBean",
                "TlsSubmissionBean"), listeners);
    }

    @Test
    void logsTheCloseOfASessionWithEverythingItDid() throws Exception {
        Logger smtpra = Logger.getLogger("org.smtpra");
        Logger protocol = Logger.getLogger("org.smtpra.protocol");
        Level level = protocol.getLevel();
        Capture log = new Capture();
        smtpra.addHandler(log);
        // The wire trace too, to show that it holds no password and no message. (Embedded
        // Payara has no logging configuration for asadmin set-log-levels to change.)
        protocol.setLevel(Level.FINE);
        try {
            History history = sessionWithAKnownHistory();
            String id = sessionIdOf(log, history.clientPort());
            String closing = log.await(line -> line.startsWith("session " + id + " closed: "));
            Matcher fields = Pattern.compile("session " + id + " closed: ended by QUIT after "
                    + "\\d+ ms, 13 commands, 2 transactions, 1 messages accepted \\((\\d+) "
                    + "octets\\), 1 rejected, 3 errors, (\\d+) octets received, TLS, "
                    + "authenticated as " + USER).matcher(closing);
            assertTrue(fields.matches(), closing);
            assertEquals(history.delivered(), Long.parseLong(fields.group(1)), closing);
            assertEquals(history.octetsSent(), Long.parseLong(fields.group(2)), closing);
            assertTrue(log.lines().contains("session " + id + " refused at RCPT from 127.0.0.1: "
                    + "2175016 550 5.1.1 invalid user - nobody@example.com (the listener's "
                    + "decision)"), log.lines()::toString);
            assertTrue(log.lines().contains("session " + id + " C: MAIL FROM:<" + USER
                    + "@example.com>"), log.lines()::toString);
            assertTrue(log.lines().stream().noneMatch(line -> line.contains(PASSWORD)
                    || line.contains(plain(USER, PASSWORD)) || line.contains(BODY_MARKER)),
                    "a password or a message body is in the log");
        } finally {
            protocol.setLevel(level);
            smtpra.removeHandler(log);
        }
    }

    // ---------------------------------------------------------------- sessions

    /** Delivers to one recipient of three; returns the octets the adapter delivered. */
    private long deliverOneOfThreeRecipients() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<a@example.org>", OK);
            client.command("RCPT TO:<nobody@example.com>",
                    "550 5.1.1 invalid user - nobody@example.com");
            client.command("RCPT TO:<full@example.com>",
                    "550 5.2.2 Mailbox full@example.com is full");
            client.command("RCPT TO:<someone@example.com>", OK);
            client.command("DATA", DATA);
            client.sendRaw("Subject: counted\r\n\r\nhello\r\n.\r\n");
            client.expect(OK);
            client.command("QUIT", "221 2.0.0 " + Deployments.hostName() + " GoodBye!");
        }
        return storedOctets("<a@example.org>");
    }

    /** HELO, a command the server does not know, and a message over a mailbox's quota. */
    private void refuseAMessageAndAnUnknownCommand() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.expectCode(220);
            client.command("HELO client.example.org", "250 " + Deployments.hostName()
                    + " greets 127.0.0.1");
            client.command("XYZZY", "500 5.5.1 syntax error - command unrecognized");
            client.startData("a@example.org", "small@example.com");
            client.sendRaw(overQuota());
            client.expect("554 5.3.4 Requested mail action aborted: exceeded storage "
                    + "allocation; too much mail data");
            client.command("QUIT", "221 2.0.0 " + Deployments.hostName() + " GoodBye!");
        }
    }

    /** STARTTLS, then a wrong password and the right one. */
    private void authenticateOverStarttls() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("AUTH PLAIN " + plain(USER, "wrong"),
                    "535 5.7.8 Authentication credentials invalid");
            client.command("AUTH PLAIN " + plain(USER, PASSWORD),
                    "235 2.7.0 Authentification OK, go ahead");
            client.command("QUIT", "221 2.0.0 " + Deployments.hostName() + " GoodBye!");
        }
    }

    /** STARTTLS, then clear text where the handshake should be: the server hangs up. */
    private void failATlsHandshake() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("STARTTLS", "220 2.0.0 Ready to start TLS");
            client.sendRaw("this is not a TLS record\r\n");
            // The server may answer with a TLS alert before it hangs up.
            int octets = 0;
            while (!client.isClosedByServer()) {
                assertTrue(++octets < 1000, "the connection stayed open");
            }
        }
    }

    /** What a test knows of the session it ran: its port, what it sent, what was stored. */
    private record History(int clientPort, long octetsSent, long delivered) {
    }

    /** TLS, AUTH, a delivered message, a refused recipient and a refused message. */
    private History sessionWithAKnownHistory() throws Exception {
        List<String> sent = new ArrayList<>(List.of("EHLO client.example.org\r\n",
                "STARTTLS\r\n", "EHLO client.example.org\r\n"));
        int port;
        try (SmtpClient client = secured()) {
            port = client.localPort();
            String sender = USER + "@example.com";
            String message = "Subject: logged\r\n\r\n" + BODY_MARKER + "\r\n.\r\n";
            List<String[]> steps = List.of(
                    step("AUTH PLAIN " + plain(USER, "wrong"),
                            "535 5.7.8 Authentication credentials invalid"),
                    step("AUTH PLAIN " + plain(USER, PASSWORD),
                            "235 2.7.0 Authentification OK, go ahead"),
                    step("MAIL FROM:<" + sender + ">", OK),
                    step("RCPT TO:<nobody@example.com>",
                            "550 5.1.1 invalid user - nobody@example.com"),
                    step("RCPT TO:<someone@example.com>", OK),
                    step("DATA", DATA),
                    step(message, OK),
                    step("MAIL FROM:<" + sender + ">", OK),
                    step("RCPT TO:<small@example.com>", OK),
                    step("DATA", DATA),
                    step(overQuota(), "554 5.3.4 Requested mail action aborted: exceeded "
                            + "storage allocation; too much mail data"),
                    step("QUIT", "221 2.0.0 " + Deployments.hostName() + " GoodBye!"));
            for (String[] step : steps) {
                String text = step[0].endsWith("\r\n") ? step[0] : step[0] + "\r\n";
                client.sendRaw(text);
                client.expect(step[1]);
                sent.add(text);
            }
        }
        long octets = sent.stream()
                .mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
        return new History(port, octets, storedOctets("<" + USER + "@example.com>"));
    }

    private static String[] step(String text, String reply) {
        return new String[] {text, reply};
    }

    /** Connected to the MX port, upgraded with STARTTLS, and greeted again. */
    private static SmtpClient secured() throws Exception {
        SmtpClient client = SmtpClient.introduced(Deployments.smtpPort());
        client.command("STARTTLS", "220 2.0.0 Ready to start TLS");
        client.startTls(ServerKey.trusted());
        client.send("EHLO client.example.org");
        client.expectCode(250);
        return client;
    }

    /** A message larger than the quota of the sample's small mailbox, 1024 octets. */
    private static String overQuota() {
        return "Subject: too big\r\n\r\n" + "0123456789abcdef\r\n".repeat(80) + ".\r\n";
    }

    /**
     * The octets of the one message in the Maildir as the adapter handed it to the bean:
     * the sample puts a Return-Path field of its own in front.
     */
    private long storedOctets(String reversePath) throws Exception {
        List<Path> stored = maildir.newMessages();
        assertEquals(1, stored.size(), () -> "the Maildir holds " + stored);
        long returnPath = ("Return-Path: " + reversePath + "\r\n").length();
        long octets = Files.size(stored.get(0)) - returnPath;
        maildir.clear();
        return octets;
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- JMX

    /** Every attribute of the MBean, as a JMX client gets them. */
    private Map<String, Object> read(ObjectName name) throws Exception {
        Map<String, Object> values = new HashMap<>();
        for (var info : jmx.getMBeanInfo(name).getAttributes()) {
            values.put(info.getName(), jmx.getAttribute(name, info.getName()));
        }
        return values;
    }

    /** What a table attribute (a map of counts) gained, without the rows that did not move. */
    private static Map<String, Long> delta(Map<String, Object> before, Map<String, Object> after,
            String attribute) {
        Map<String, Long> gained = rows((TabularData) after.get(attribute));
        rows((TabularData) before.get(attribute)).forEach((key, count) ->
                gained.merge(key, -count, Long::sum));
        gained.values().removeIf(count -> count == 0);
        return gained;
    }

    private static Map<String, Long> rows(TabularData table) {
        Map<String, Long> rows = new TreeMap<>();
        for (Object row : table.values()) {
            CompositeData entry = (CompositeData) row;
            rows.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return rows;
    }

    /** Sessions close on the server's threads, a moment after the client sees the end. */
    private void awaitValue(ObjectName name, String attribute, Object expected)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!expected.equals(jmx.getAttribute(name, attribute))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, jmx.getAttribute(name, attribute), attribute);
    }

    // ---------------------------------------------------------------- the log

    /** The session id from the line logged when the session from this port opened. */
    private static String sessionIdOf(Capture log, int clientPort) throws InterruptedException {
        String opened = log.await(line -> line.matches("session \\S+ opened on listener "
                + "MailboxBean: client /127\\.0\\.0\\.1:" + clientPort + ", server .*"));
        return opened.split(" ")[1];
    }

    /** The messages the adapter logs while a test runs, as the server's log gets them. */
    private static final class Capture extends Handler {

        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        /** The first line that matches, waiting for it as long as a session may take. */
        String await(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                for (String line : lines()) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such line in the log: " + lines());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
