package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployed sample under a flood: a thousand connections held open and two hundred that
 * trickle their sessions one byte at a time, while an honest client sends mail. The honest
 * client must have each message accepted within a second, and once the flood is gone the
 * server must hold no more threads, files and connections than before it.
 *
 * <p>The sample keeps its default limits: 4096 connections in all, 50 per client address.
 * The flood comes from 60 loopback addresses, 20 connections each, so that it stands for
 * many clients rather than one that the per-client limit would stop at its 51st connection.
 * All of it connects at once; each connection asks the bean before its greeting, and the
 * calls past the 32 a listener may have under way wait their turn.
 *
 * <p>Starting values are taken after a smaller flood of the same shape has warmed the server
 * up (bean pool, WorkManager threads, JIT), so that what the first flood makes the server
 * set up once is not counted as a leak. The figures go to the build's output (tag
 * "figures"), one line each, starting with "[hostile]".
 */
@Tag("figures")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileLoadIT {

    private static final int IDLE = 1000;
    private static final int TRICKLING = 200;
    private static final int SOURCE_ADDRESSES = 60;
    private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(100);
    private static final Duration GREETING_TIMEOUT = Duration.ofSeconds(60);
    private static final int HONEST_MAILS = 5;
    private static final long HONEST_LIMIT_MILLIS = 1000;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final MaildirFolder maildir = MaildirFolder.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void emptyMaildir() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
    }

    @Test
    void servesAnHonestClientThroughAFloodAndGivesEverythingBack() throws Exception {
        int port = Deployments.smtpPort();
        Snapshot cold = Snapshot.take(port);
        flood(port, IDLE / 5, TRICKLING / 5, 1);
        Snapshot before = steady(port);
        List<String> threadsBefore = ServerResources.threadNames();
        print("cold server: %s; after a warm-up flood of %d connections: %s", cold,
                (IDLE + TRICKLING) / 5, before);

        List<Long> millis = flood(port, IDLE, TRICKLING, HONEST_MAILS);

        long settleStart = System.nanoTime();
        Snapshot after = settle(port, before);
        print("after the flood: %s, back within %.1f s (before it: %s)", after,
                (System.nanoTime() - settleStart) / 1e9, before);
        long slowest = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(slowest < HONEST_LIMIT_MILLIS, () -> "an honest mail took " + millis
                + " ms");
        assertEquals(0, after.connections, "connections left on the SMTP port");
        assertTrue(after.busyThreads() <= before.busyThreads(), () -> "threads: " + after
                + " after, "
                + before + " before; new: " + added(threadsBefore,
                        ServerResources.threadNames()));
        assertTrue(after.openFiles <= before.openFiles, () -> "open files: " + after
                + " after, " + before + " before");
        assertEquals(1 + HONEST_MAILS, maildir.newMessages().size(),
                "the honest messages in the Maildir, and nothing of the trickling ones");
        assertEquals(List.of(), maildir.temporaryFiles());
    }

    /**
     * Holds idle and trickling connections, sends honest mail through them, then closes
     * them all abruptly. Returns how long each honest mail took to be accepted, in ms.
     */
    private List<Long> flood(int port, int idle, int trickling, int honest) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (FloodClients flood = new FloodClients(port, SOURCE_ADDRESSES, TRICKLE_INTERVAL)) {
            long start = System.nanoTime();
            openAtOnce(flood, idle, false);
            openAtOnce(flood, trickling, true);
            double openSeconds = (System.nanoTime() - start) / 1e9;
            FloodClients.Counts opened = flood.counts();
            Snapshot held = Snapshot.take(port);
            for (int i = 0; i < honest; i++) {
                millis.add(sendHonestMail(port, "honest " + i));
                Thread.sleep(500);
            }
            FloodClients.Counts counts = flood.counts();
            // The warm-up sends one message and reports nothing.
            if (honest > 1) {
                print("held %d idle and %d trickling connections from %d loopback addresses, "
                        + "opened at once, greeted within %.1f s: %d greeted, %d refused, "
                        + "%d failed",
                        idle, trickling, SOURCE_ADDRESSES, openSeconds, opened.greeted(),
                        opened.refused(), opened.failed());
                print("while held: %s", held);
                print("honest client: mail accepted in %s ms (limit %d ms)", millis,
                        HONEST_LIMIT_MILLIS);
                print("trickling clients sent %d octets one at a time; the flood got %d "
                        + "negative replies and %d closes from the server", counts
                        .trickledOctets(), counts.negativeReplies(), counts.closedByServer());
            }
            assertEquals(idle + trickling, opened.greeted(), () -> "not all greeted: "
                    + opened);
            assertEquals(0, counts.closedByServer() + counts.failed() + counts
                    .negativeReplies(), () -> "the flood was cut short: " + counts);
        }
        return millis;
    }

    /** Opens the connections all at once, and waits until each has its first reply. */
    private static void openAtOnce(FloodClients flood, int count, boolean trickling)
            throws InterruptedException {
        if (trickling) {
            flood.openTrickling(count);
        } else {
            flood.openIdle(count);
        }
        int expected = flood.counts().opened();
        assertTrue(flood.awaitFirstReplies(expected, GREETING_TIMEOUT),
                () -> "no greeting within " + GREETING_TIMEOUT + ": " + flood.counts());
    }

    /** One message from 127.0.0.1, as a mail server would send it; ms until its 250. */
    private static long sendHonestMail(int port, String subject) throws IOException {
        long start = System.nanoTime();
        try (SmtpClient client = SmtpClient.connect(port)) {
            client.expectCode(220);
            client.send("EHLO honest.example.org");
            client.expectCode(250);
            client.startData("alice@example.org", "someone@example.com");
            client.sendRaw("Subject: " + subject + "\r\n\r\nStill served.\r\n.\r\n");
            client.expect("250 2.0.0 Ok");
            long millis = (System.nanoTime() - start) / 1_000_000;
            client.send("QUIT");
            client.expectCode(221);
            return millis;
        }
    }

    /**
     * Waits until the server holds no more than it did: no connection on the port, and no
     * more threads and open files than {@code before}; returns what it holds then, or when
     * the time is up.
     */
    private static Snapshot settle(int port, Snapshot before) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        Snapshot now = Snapshot.take(port);
        while (!now.within(before) && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
            now = Snapshot.take(port);
        }
        return now;
    }

    /**
     * Waits until the server has let go of the warm-up flood: no connection on the port, and
     * the same threads and open files for a second.
     */
    private static Snapshot steady(int port) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        Snapshot last = Snapshot.take(port);
        int unchanged = 0;
        while (unchanged < 5 && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
            Snapshot now = Snapshot.take(port);
            unchanged = now.connections == 0 && now.equals(last) ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }

    /** What {@code after} holds that {@code before} did not, duplicates counted. */
    private static List<String> added(List<String> before, List<String> after) {
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        return added;
    }

    private static void print(String format, Object... values) {
        System.out.println("[hostile] " + String.format(Locale.ROOT, format, values));
    }

    /**
     * What the server holds at one moment. Idle workers of the server's thread pool are
     * counted apart: the pool keeps what it started for a peak until its idle timeout.
     */
    private record Snapshot(int threads, int idleWorkers, long openFiles, long connections) {

        static Snapshot take(int port) throws IOException {
            return new Snapshot(ServerResources.threads(), ServerResources.idlePoolWorkers(),
                    ServerResources.openFiles(), ServerResources.connectionsOnPort(port));
        }

        /** Threads but the pool's idle workers. */
        int busyThreads() {
            return threads - idleWorkers;
        }

        boolean within(Snapshot limit) {
            return connections == 0 && busyThreads() <= limit.busyThreads()
                    && openFiles <= limit.openFiles;
        }

        @Override
        public String toString() {
            return threads + " threads (" + idleWorkers + " of them idle workers of the "
                    + "server's pool), " + openFiles + " open files, " + connections
                    + " connections on the SMTP port";
        }
    }
}
