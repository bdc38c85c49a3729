package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

    private static final long START_TIMEOUT_SECONDS = 90;
    private static final int SUBMISSION = Integer.getInteger("it.runner.submission.port");
    private static final int SUBMISSIONS = Integer.getInteger("it.runner.submissions.port");

    @TempDir
    Path temp;

    private Process runner;

    @AfterEach
    void killRunner() {
        if (runner != null) {
            runner.destroyForcibly();
        }
    }

    @Test
    void printsOneReadyLineServesAndStopsWithoutLeftovers() throws Exception {
        int port = Integer.getInteger("it.runner.port");
        Path maildir = temp.resolve("maildir");
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        runner = start(tmp, port, maildir);
        BlockingQueue<String> out = linesOf(runner);

        String ready = out.poll(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("SMTP server ready on 127.0.0.1:" + port + " (maildir: " + maildir
                + ", database: " + temp.resolve("data/mailstore") + ")", ready);
        String password = demoPassword(out.poll(10, TimeUnit.SECONDS), maildir);
        try (SmtpClient client = SmtpClient.connect(port)) {
            client.expectCode(220);
            client.send("QUIT");
            client.expectCode(221);
        }
        authenticateAsDemo(password);

        // SIGTERM runs the same shutdown hook as Ctrl-C. Through the handle, because
        // Process.destroy() also closes the pipes, and the last line would be lost.
        runner.toHandle().destroy();
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
        assertEquals("SMTP server stopped", out.poll(10, TimeUnit.SECONDS));
        assertEquals(List.of(), list(tmp), "left in java.io.tmpdir");
    }

    @Test
    void failsWithStatus1WhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            runner = start(Files.createDirectory(temp.resolve("tmp")), port, temp);

            assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "still running");
            assertEquals(1, runner.exitValue());
            String errors = Files.readString(temp.resolve("stderr.txt"));
            assertTrue(errors.contains("port " + port + " on 127.0.0.1 is in use"), errors);
        }
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
    private Process start(Path tmp, int port, Path maildir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-Dsmtp.port=" + port,
                "-Dsmtp.submission.port=" + SUBMISSION, "-Dsmtp.submissions.port=" + SUBMISSIONS,
                "-Dsmtp.maildir=" + maildir, "-jar", System.getProperty("smtpra.runner"))
                .directory(temp.toFile())
                .redirectError(temp.resolve("stderr.txt").toFile())
                .start();
    }

    /**
     * The process's standard output, line by line, read by a thread of its own: the pipe
     * must be drained while the process runs, and may be gone once it has ended.
     */
    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                lines.add("(standard output failed: " + e + ")");
            }
        }, "runner-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
