package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable server as a user starts it, {@code java -jar ear/target/smtp-server.jar}, in
 * its own JVM: one ready line once SMTP answers, a clean stop that leaves no temporary
 * folder, and a loud failure when the port is taken.
 */
class RunnerIT {

    private static final int SUBMISSION = Integer.getInteger("it.runner.submission.port");
    private static final int SUBMISSIONS = Integer.getInteger("it.runner.submissions.port");

    @TempDir
    Path temp;

    private RunnerProcess runner;

    @AfterEach
    void killRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void printsOneReadyLineServesAndStopsWithoutLeftovers() throws Exception {
        int port = Integer.getInteger("it.runner.port");
        Path maildir = temp.resolve("maildir");
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        runner = start(tmp, port, maildir);

        String ready = runner.nextLine(RunnerProcess.START_TIMEOUT_SECONDS);
        assertEquals("SMTP server ready on 127.0.0.1:" + port + " (maildir: " + maildir
                + ", database: " + temp.resolve("data/mailstore") + ")", ready);
        String password = demoPassword(runner.nextLine(10), maildir);
        try (SmtpClient client = SmtpClient.connect(port)) {
            client.expectCode(220);
            client.send("QUIT");
            client.expectCode(221);
        }
        authenticateAsDemo(password);

        // SIGTERM runs the same shutdown hook as Ctrl-C.
        assertTrue(runner.stop(60), "still running after SIGTERM");
        assertEquals("SMTP server stopped", runner.nextLine(10));
        assertEquals(List.of(), list(tmp), "left in java.io.tmpdir");
    }

    @Test
    void failsWithStatus1WhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            runner = start(Files.createDirectory(temp.resolve("tmp")), port, temp);

            assertTrue(runner.process().waitFor(60, TimeUnit.SECONDS), "still running");
            assertEquals(1, runner.process().exitValue());
            String errors = Files.readString(temp.resolve("stderr.txt"));
            assertTrue(errors.contains("port " + port + " on 127.0.0.1 is in use"), errors);
        }
    }

    @Test
    void failsWithStatus1WhenTwoListenersAreGivenOnePort() throws Exception {
        Path errors = temp.resolve("stderr.txt");
        runner = RunnerProcess.start(temp, errors, List.of(
                "-Djava.io.tmpdir=" + Files.createDirectory(temp.resolve("tmp")),
                "-Dsmtp.port=" + SUBMISSION, "-Dsmtp.submission.port=" + SUBMISSION,
                "-Dsmtp.submissions.port=" + SUBMISSIONS,
                "-Dsmtp.discard.port=" + Integer.getInteger("it.runner.discard.port")));

        assertTrue(runner.process().waitFor(60, TimeUnit.SECONDS), "still running");
        assertEquals(1, runner.process().exitValue());
        String said = Files.readString(errors);
        assertTrue(said.contains("smtp-server: port " + SUBMISSION + " is given to both "
                + "smtp.port and smtp.submission.port; each listener needs a port of its own"),
                said);
    }

    /** The line after the ready line names the submission ports and the demo password. */
    private static String demoPassword(String line, Path maildir) {
        String before = "Submission on 127.0.0.1:" + SUBMISSION + " (STARTTLS) and 127.0.0.1:"
                + SUBMISSIONS + " (TLS), user demo, password ";
        String after = " (outbox: " + maildir.resolve(".Outbox") + ")";
        assertTrue(line != null && line.startsWith(before) && line.endsWith(after), line);
        String password = line.substring(before.length(), line.length() - after.length());
        assertTrue(password.matches("[A-Za-z0-9]{16}"), password);
        return password;
    }

    /** The demo user exists in the runner's realm, and its key is the server's s1as. */
    private static void authenticateAsDemo(String password) throws Exception {
        try (SmtpClient client = SmtpClient.connect(SUBMISSION)) {
            client.expectCode(220);
            client.send("EHLO client.example.org");
            client.expectCode(250);
            client.command("STARTTLS", "220 2.0.0 Ready to start TLS");
            client.startTls(ServerKey.trusted());
            client.send("EHLO client.example.org");
            client.expectCode(250);
            String plain = Base64.getEncoder().encodeToString(("\0demo\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            client.command("AUTH PLAIN " + plain, "235 2.7.0 Authentification OK, go ahead");
        }
    }

    /** Started in the test's folder, where the database's default path then lies. */
    private RunnerProcess start(Path tmp, int port, Path maildir) throws IOException {
        return RunnerProcess.start(temp, temp.resolve("stderr.txt"), List.of(
                "-Djava.io.tmpdir=" + tmp, "-Dsmtp.port=" + port,
                "-Dsmtp.submission.port=" + SUBMISSION, "-Dsmtp.submissions.port=" + SUBMISSIONS,
                "-Dsmtp.discard.port=" + Integer.getInteger("it.runner.discard.port"),
                "-Dsmtp.maildir=" + maildir));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
