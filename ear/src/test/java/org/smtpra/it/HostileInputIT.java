package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage, NUL bytes, invalid UTF-8, lines of a megabyte and connections dropped at every
 * stage, against the deployed sample. Every session gets catalog replies or a clean close;
 * after it the server serves an honest client; and the server's log stays quiet: nothing
 * above INFO and no stack trace from any logger, and a bounded number of lines per session
 * (opened, one per refusal, of which there are at most maxErrors + 1, and closed).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

    /** The sample's maxErrors, the default: 20 refusals, then the 421 that closes. */
    private static final int MAX_ERRORS = 20;
    private static final int MAX_LINES_PER_SESSION = MAX_ERRORS + 3;
    private static final int MEGABYTE = 1024 * 1024;
    private static final String INVALID = "500 5.5.2 syntax error - invalid character";
    private static final String TOO_LONG = "500 5.5.2 syntax error - line too long";
    private static final String TOO_MANY = "421 4.7.0 Too much failure in SMTP session";
    private static final String OK = "250 2.0.0 Ok";

    /** The replies garbage may get: each a whole line of the catalog. */
    private static final Pattern GARBAGE_REPLY = Pattern.compile("220 \\S+ Service ready"
            + "|500 5\\.5\\.[12] syntax error - (command unrecognized|invalid character"
            + "|line too long)|503 5\\.5\\.1 Bad sequence of commands"
            + "|421 4\\.7\\.0 Too much failure in SMTP session");

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private final Random random = new Random(20260603);
    private ServerLog log;
    private int maxLinesPerSession = MAX_LINES_PER_SESSION;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void capture() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
        log = ServerLog.capture();
    }

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void answersRandomGarbageWithCatalogRepliesThenCloses() throws Exception {
        List<String> replies;
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.sendRaw(garbage(16 * 1024));
            replies = client.readUntilClosed();
        }
        assertGarbageReplies(replies);
        assertServesTheNextClientAndLogsQuietly(1);
    }

    /** Before the greeting, too, as an early talker would. */
    @Test
    void answersGarbageSentBeforeTheGreetingThenCloses() throws Exception {
        List<String> replies;
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.sendRaw(garbage(16 * 1024));
            replies = client.readUntilClosed();
        }
        assertTrue(replies.get(0).startsWith("220 "), () -> "replies: " + replies);
        assertGarbageReplies(replies);
        assertServesTheNextClientAndLogsQuietly(1);
    }

    /** Refusals from the catalog, until the error limit closes the session. */
    private static void assertGarbageReplies(List<String> replies) {
        assertTrue(replies.size() > MAX_ERRORS, () -> "replies: " + replies);
        replies.forEach(line -> assertTrue(GARBAGE_REPLY.matcher(line).matches(), line));
        assertEquals(TOO_MANY, replies.get(replies.size() - 1));
    }

    @Test
    void refusesNulBytesAndInvalidUtf8InCommandsAndGoesOn() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.sendRaw("MAIL FROM:<al\0ice@example.org>\r\n");
            client.expect(INVALID);
            client.sendRaw(new byte[] {0, 0, 0, 0, '\r', '\n'});
            client.expect(INVALID);
            client.sendRaw(bytes("EHLO ", new byte[] {(byte) 0xc3, 0x28}, ".example.org\r\n"));
            client.expect(INVALID);
            client.sendRaw(bytes("MAIL FROM:<", new byte[] {(byte) 0xff, (byte) 0xfe},
                    "@example.org>\r\n"));
            client.expect(INVALID);
            client.command("NOOP", OK);
            client.send("QUIT");
            client.expectCode(221);
        }
        assertServesTheNextClientAndLogsQuietly(1);
    }

    @Test
    void refusesAMegabyteLineOnceAndGoesOn() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.sendRaw(bytes("MAIL FROM:<", filled(MEGABYTE, (byte) 'a'), ">\r\n"));
            client.expect(TOO_LONG);
            client.command("NOOP", OK);
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw(bytes("Subject: long\r\n\r\n", filled(MEGABYTE, (byte) 'x'),
                    "\r\n.\r\n"));
            client.expect(TOO_LONG);
            client.command("NOOP", OK);
        }
        assertServesTheNextClientAndLogsQuietly(1);
    }

    @Test
    void refusesNulBytesAndGarbageInAMessage() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: nul\r\n\r\nbefore\0after\r\n.\r\n");
            client.expect(INVALID);
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw(bytes("Subject: garbage\r\n\r\n", garbage(64 * 1024),
                    "\r\n.\r\n"));
            List<String> reply = client.readReply();
            assertTrue(List.of(INVALID, TOO_LONG).contains(reply.get(0)), reply::toString);
            client.command("NOOP", OK);
        }
        assertServesTheNextClientAndLogsQuietly(1);
    }

    /**
     * Recipients offered without end: the recipient limit's 452s are no error for as many
     * again as the limit (100), and count after that, so the session ends with the 421 of
     * maxErrors; the free 452s take one log line, which a transaction past the limit adds
     * to its session's lines.
     */
    @Test
    @Provokes("TOO_MANY_RECIPIENTS")
    void endsASessionThatOffersRecipientsWithoutEnd() throws Exception {
        List<String> replies;
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.command("MAIL FROM:<alice@example.org>", OK);
            StringBuilder recipients = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                recipients.append("RCPT TO:<r").append(i).append("@example.com>\r\n");
            }
            client.sendRaw(recipients.toString());
            replies = client.readUntilClosed();
        }
        String tooMany = "452 4.5.3 too many RCPTs";
        assertEquals(Collections.nCopies(100, OK), replies.subList(0, 100));
        assertEquals(Collections.nCopies(100 + MAX_ERRORS, tooMany), replies.subList(100,
                200 + MAX_ERRORS));
        assertEquals(List.of(TOO_MANY), replies.subList(200 + MAX_ERRORS, replies.size()));
        maxLinesPerSession = MAX_LINES_PER_SESSION + 1;
        assertServesTheNextClientAndLogsQuietly(1);
    }

    /** Connections dropped at each stage, some with a reset (SO_LINGER 0), some with a FIN. */
    @Test
    void takesConnectionsDroppedAtEveryStage() throws Exception {
        for (boolean reset : new boolean[] {false, true}) {
            drop(reset, null);
            drop(reset, client -> client.expectCode(220));
            drop(reset, client -> introduce(client));
            drop(reset, client -> introduce(client).sendRaw("MAIL FROM:<alice@exa"));
            drop(reset, client -> introduce(client).sendRaw(bytes("MAIL FROM:<",
                    filled(MEGABYTE, (byte) 'a'))));
            drop(reset, client -> {
                introduce(client).startData("alice@example.org", "someone@example.com");
                client.sendRaw("Subject: cut\r\n\r\nhalf a mess");
            });
            drop(reset, client -> {
                introduce(client).startData("alice@example.org", "someone@example.com");
                client.sendRaw(bytes("Subject: big\r\n\r\n", filled(2 * MEGABYTE, (byte) 'y')));
                awaitSpoolFile();
            });
        }
        assertServesTheNextClientAndLogsQuietly(1);
        assertEquals(List.of(), spoolFiles(), "spool files of the messages cut short");
    }

    /** Past the 1 MiB spool threshold, a message in progress is in a file. */
    private static void awaitSpoolFile() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (spoolFiles().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertEquals(1, spoolFiles().size(), "spool files of a 2 MiB message in progress");
    }

    /**
     * The messages in progress that went to the sample's spool folder: smtp-spool under the
     * server's instance root, which embedded Payara names in this JVM's properties.
     */
    private static List<Path> spoolFiles() throws IOException {
        Path spool = Path.of(System.getProperty("com.sun.aas.instanceRoot",
                System.getProperty("java.io.tmpdir")), "smtp-spool");
        assertTrue(Files.isDirectory(spool), () -> spool + " is missing");
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(file -> file.getFileName().toString()
                    .startsWith("smtp-spool-")).toList();
        }
    }

    /**
     * STARTTLS, then half a ClientHello and the connection dropped; and STARTTLS, then
     * garbage instead of a handshake, which the server ends with a TLS alert at most and a
     * close: no SMTP reply is possible once the client was told to start TLS.
     */
    @Test
    void takesTlsHandshakesCutShortOrReplacedByGarbage() throws Exception {
        byte[] hello = clientHello();
        drop(false, client -> startTls(client).sendRaw(Arrays.copyOf(hello,
                hello.length / 2)));
        drop(true, client -> startTls(client).sendRaw(Arrays.copyOf(hello,
                hello.length / 2)));
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            startTls(client).sendRaw(garbage(4096));
            // A TLS alert, perhaps, and the close; no SMTP reply any more.
            List<String> after = client.readUntilClosed();
            assertTrue(after.stream().noneMatch(line -> line.matches("[2-5][0-9][0-9].*")),
                    after::toString);
        }
        assertServesTheNextClientAndLogsQuietly(1);
    }

    // ------------------------------------------------------------------ sessions

    private interface Stage {
        void run(SmtpClient client) throws Exception;
    }

    /** Runs the stage, then drops the connection: with a reset, or with a plain close. */
    private static void drop(boolean reset, Stage stage) throws Exception {
        SmtpClient client = SmtpClient.connect(Deployments.smtpPort());
        if (stage != null) {
            stage.run(client);
        }
        if (reset) {
            client.resetOnClose();
        }
        client.close();
    }

    private static SmtpClient introduce(SmtpClient client) throws IOException {
        client.expectCode(220);
        client.send("EHLO client.example.org");
        client.expectCode(250);
        return client;
    }

    private static SmtpClient startTls(SmtpClient client) throws IOException {
        introduce(client).command("STARTTLS", "220 2.0.0 Ready to start TLS");
        return client;
    }

    /** The first flight of a TLS client, as the JDK would send it. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 25);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /**
     * An honest client still has its mail accepted, and the log of all the sessions so far
     * holds nothing above INFO, no stack trace, and few lines per session.
     */
    private void assertServesTheNextClientAndLogsQuietly(int stored) throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.smtpPort())) {
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: honest\r\n\r\nStill served.\r\n.\r\n");
            client.expect(OK);
        }
        log.awaitSessionsClosed(Duration.ofSeconds(10));
        log.assertQuiet(maxLinesPerSession);
        assertEquals(stored, maildir.newMessages().size(), "messages stored");
        assertEquals(List.of(), maildir.temporaryFiles());
    }

    // ------------------------------------------------------------------ bytes

    /**
     * Random bytes of every value, NUL, CR, LF and bytes that are not UTF-8 among them, with
     * a CRLF now and then so that they make lines; from a fixed seed, so a failure repeats.
     */
    private byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = 1; i < length; i += 1 + random.nextInt(200)) {
            bytes[i - 1] = '\r';
            bytes[i] = '\n';
        }
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** Strings (as ASCII) and byte arrays, one after the other. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof String text
                    ? text.getBytes(StandardCharsets.US_ASCII) : (byte[]) part);
        }
        return out.toByteArray();
    }
}
