package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample under load on the runner, in a JVM of its own as a user starts it: every
 * message that got its 250 is stored once, in the database and in the Maildir, and stays
 * so when the server is killed (kill -9) in the middle of a load and started again.
 *
 * <p>Bounded: {@code load.clients} clients (20) of {@code load.messages} messages each (500;
 * system properties, so that another load can be run by hand), and a time for each load
 * that allows 40 messages per second, 4 minutes at least. Each test prints its figures, one
 * line starting with "[load]".
 */
@Tag("figures")
class SampleUnderLoadIT {

    private static final int CLIENTS = Integer.getInteger("load.clients", 20);
    private static final int MESSAGES_PER_CLIENT = Integer.getInteger("load.messages", 500);
    private static final int MESSAGES = CLIENTS * MESSAGES_PER_CLIENT;
    /** At least 40 messages per second, and 4 minutes for any load. */
    private static final long LOAD_LIMIT_SECONDS = Math.max(240, MESSAGES / 40);

    /** The kill comes once this many messages are acknowledged: in the middle of the load. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = MESSAGES / 2;

    private static final int PORT = Integer.getInteger("it.runner.port");

    // Kept when a test fails: the runners' logs (*-stderr.txt) and the stores.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void storesEveryAcknowledgedMessageOnce() throws Exception {
        LoadClients.Result load;
        try (RunnerProcess runner = start("load")) {
            load = LoadClients.send(PORT, ids(), LOAD_LIMIT_SECONDS);
            stop(runner);
        }
        StoredIds stored = stored();
        print(String.format("%d clients sent %d messages in %.1f s: %.0f messages/s; %d got "
                + "250, %d another reply; stored: %d rows, %d Maildir files", CLIENTS, MESSAGES,
                load.seconds(), load.rate(), load.acknowledged().size(), load.refused(),
                stored.inDatabase().size(), stored.inMaildir().size()));

        assertEquals(MESSAGES, load.acknowledged().size(), () -> load.refused()
                + " answered otherwise, " + load.brokenSessions() + " sessions broken");
        assertStoredOnce(load.acknowledged(), stored);
    }

    /**
     * The server dies while the clients send: each client had a message under way, which may
     * or may not be stored. Their clients send those again once the server is back, as mail
     * servers do; one stored but not acknowledged then comes twice, which the README allows.
     * Every acknowledged message must be there, once.
     */
    @Test
    void keepsEveryAcknowledgedMessageWhenKilledInTheMiddleOfALoad() throws Exception {
        LoadClients.Result beforeKill;
        double killedAfter;
        try (RunnerProcess runner = start("crash")) {
            long start = System.nanoTime();
            LoadClients load = LoadClients.start(PORT, ids(), LOAD_LIMIT_SECONDS);
            awaitAcknowledged(load, ACKNOWLEDGED_BEFORE_KILL);
            killedAfter = (System.nanoTime() - start) / 1e9;
            runner.kill();
            beforeKill = load.await();
        }
        int leftInTmp = new MaildirFolder(temp.resolve("maildir")).temporaryFiles().size();
        LoadClients.Result resent;
        try (RunnerProcess runner = start("restart")) {
            resent = LoadClients.send(PORT, List.of(List.copyOf(beforeKill.unanswered())),
                    LOAD_LIMIT_SECONDS);
            stop(runner);
        }
        StoredIds stored = stored();
        Set<String> duplicates = StoredIds.duplicates(stored.inDatabase());
        print(String.format("killed (kill -9) after %.1f s, when %d of %d messages had got "
                + "250 and %d were under way; %d files left in the Maildir's tmp/; after the "
                + "restart the %d under way sent again, %d got 250; stored: %d rows, %d Maildir "
                + "files, %d duplicates (of messages under way at the kill)",
                killedAfter, beforeKill.acknowledged().size(), MESSAGES,
                beforeKill.unanswered().size(), leftInTmp, beforeKill.unanswered().size(),
                resent.acknowledged().size(), stored.inDatabase().size(),
                stored.inMaildir().size(), duplicates.size()));

        Set<String> acknowledged = new HashSet<>(beforeKill.acknowledged());
        acknowledged.addAll(resent.acknowledged());
        assertTrue(!beforeKill.unanswered().isEmpty() && beforeKill.acknowledged().size()
                < MESSAGES, "the kill did not come in the middle of the load");
        assertEquals(beforeKill.unanswered(), resent.acknowledged(), "sent again");
        assertTrue(new HashSet<>(stored.inDatabase()).containsAll(acknowledged),
                "an acknowledged message is missing from the database");
        assertTrue(new HashSet<>(stored.inMaildir()).containsAll(acknowledged),
                "an acknowledged message is missing from the Maildir");
        assertTrue(beforeKill.unanswered().containsAll(duplicates),
                "acknowledged before the kill, yet stored twice: " + duplicates);
        assertEquals(duplicates, StoredIds.duplicates(stored.inMaildir()),
                "the same duplicates in both stores");
        assertEquals(acknowledged, new HashSet<>(stored.inDatabase()), "nothing else stored");
        assertEquals(List.of(), stored.temporaryFiles(), "left in tmp/ after the restart");
    }

    private static void assertStoredOnce(Set<String> acknowledged, StoredIds stored) {
        assertEquals(Set.of(), StoredIds.duplicates(stored.inDatabase()), "twice in the database");
        assertEquals(Set.of(), StoredIds.duplicates(stored.inMaildir()), "twice in the Maildir");
        assertEquals(acknowledged, new HashSet<>(stored.inDatabase()), "database");
        assertEquals(acknowledged, new HashSet<>(stored.inMaildir()), "Maildir");
        assertEquals(List.of(), stored.temporaryFiles(), "left in tmp/");
    }

    private static List<List<String>> ids() {
        return LoadClients.ids("load", CLIENTS, MESSAGES_PER_CLIENT);
    }

    /** Starts the runner on the test's stores and waits for its ready line. */
    private RunnerProcess start(String name) throws Exception {
        Path errors = temp.resolve(name + "-stderr.txt");
        RunnerProcess runner = RunnerProcess.start(temp, errors, List.of(
                "-Dsmtp.port=" + PORT,
                "-Dsmtp.submission.port=" + Integer.getInteger("it.runner.submission.port"),
                "-Dsmtp.submissions.port=" + Integer.getInteger("it.runner.submissions.port"),
                "-Dsmtp.discard.port=" + Integer.getInteger("it.runner.discard.port"),
                "-Dsmtp.maildir=" + temp.resolve("maildir"),
                "-Dsmtp.database=" + temp.resolve("data/mailstore")));
        String ready = runner.nextLine(RunnerProcess.START_TIMEOUT_SECONDS);
        assertTrue(ready != null && ready.startsWith("SMTP server ready"),
                () -> "runner " + name + " is not ready: " + ready + "; see " + errors);
        return runner;
    }

    private static void stop(RunnerProcess runner) throws InterruptedException {
        assertTrue(runner.stop(60), "still running after SIGTERM");
    }

    private StoredIds stored() throws Exception {
        return StoredIds.read(SampleDatabase.at(temp.resolve("data/mailstore")),
                new MaildirFolder(temp.resolve("maildir")));
    }

    private static void awaitAcknowledged(LoadClients load, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_LIMIT_SECONDS);
        while (load.acknowledgedSoFar() < count && load.running()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void print(String figures) {
        System.out.println("[load] " + figures);
    }
}
