package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application ends its listeners, and deploying it again leaves nothing
 * behind: {@code redeploy.cycles} times over (20, a system property), with clients
 * connected (one greeted, one inside a transaction, one sending a message), open sessions
 * are told 421, the port is free at once and the new deployment greets at once; in the end
 * no thread runs the adapter's code, the JVM's threads are back where the first cycle left
 * them but for the server's own pools, and its open files are back where they were. The
 * test deploys and undeploys by itself, and runs in the same JVM as the server, so it can
 * count them. It prints its figures, lines starting with "[redeploy]".
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("figures")
class UndeployIT {

    private static final String DEPLOYMENT = "undeployable";
    private static final int CYCLES = Integer.getInteger("redeploy.cycles", 20);

    /**
     * The threads of the server's own pools, which grow in the first cycles whatever the
     * application, each up to its size, and keep their threads: the EJB container's pool
     * and Payara's executor service (a thread pool adds a thread for each task until it has
     * its core size, even while others are idle), the admin jobs' clean-up scheduler (ten
     * core threads, one more at each of its periodic runs), and the domain configuration's
     * writer (threads idle for a minute before they end).
     */
    private static final Pattern SERVER_POOLS = Pattern.compile(
            "__ejb-thread-pool\\d+|Executor-Service-\\d+|Job Cleanup Service|GF Domain XML");

    /**
     * Threads outside those pools beyond the first cycle's count: some come and go on the
     * server's own timers. A thread leaked per cycle would show as {@code redeploy.cycles}
     * or more.
     */
    private static final int THREAD_TOLERANCE = 2;

    /**
     * Open files beyond the count before the first deployment: the server opens a few (its
     * logs, jars it caches) on its own schedule. A file or socket leaked per cycle would show
     * as {@code redeploy.cycles} or more.
     */
    private static final int FILE_TOLERANCE = 3;

    private static final long SETTLE_MILLIS = 10_000;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE")
    void redeploysWithClientsConnectedAndLeavesNothingBehind() throws Exception {
        Usage before = Usage.now();
        List<Usage> cycles = new ArrayList<>();
        long start = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            cycle();
            assertNoAdapterThreads();
            cycles.add(Usage.now());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The first deployment starts services of the server that outlive it (its ORB, the
        // EJB container's timer, the connector runtime's): they are not the application's.
        Usage first = cycles.get(0);
        Usage after = settledUsage(first);
        printFigures(seconds, before, cycles, after);

        assertTrue(after.ownThreads().size() <= first.ownThreads().size() + THREAD_TOLERANCE,
                () -> "threads that were not there after the first cycle: "
                        + Usage.beyond(after.ownThreads(), first.ownThreads()));
        assertTrue(after.files() <= before.files() + FILE_TOLERANCE,
                () -> "files that were not open before the first deployment: "
                        + Usage.beyond(after.fileTargets(), before.fileTargets()));
    }

    private static void printFigures(double seconds, Usage before, List<Usage> cycles,
            Usage after) {
        print("%d cycles of deploy, 3 clients told 421 at undeploy, port free at once: "
                + "%.1f s each", CYCLES, seconds / CYCLES);
        print("threads outside the server's pools: %d before the first deploy, %d after the "
                + "first cycle, %d after the last", before.ownThreads().size(),
                cycles.get(0).ownThreads().size(), after.ownThreads().size());
        print("threads in all: %d before the first deploy, after each cycle %s",
                before.threads(), cycles.stream().map(Usage::threads).toList());
        print("open files: %d before the first deploy, %d after the first cycle, %d after the "
                + "last", before.files(), cycles.get(0).files(), after.files());
    }

    /**
     * Deploys, greets, and undeploys with three sessions open; each is told 421 and closed,
     * and the port can be bound again at once.
     */
    private void cycle() throws Exception {
        try (ServerLog log = ServerLog.captureAdapter()) {
            deployer.deploy(DEPLOYMENT);
            Deployments.assertDeployed();
            assertOpenLine(log, Deployments.smtpPort());
        }
        int port = Deployments.smtpPort();
        try (SmtpClient greeted = SmtpClient.introduced(port);
                SmtpClient inTransaction = SmtpClient.introduced(port);
                SmtpClient inData = SmtpClient.introduced(port)) {
            inTransaction.command("MAIL FROM:<alice@example.org>", "250 2.0.0 Ok");
            inData.startData("alice@example.org", "someone@example.com");
            inData.sendRaw("Subject: cut short\r\n\r\nThe first lines");

            deployer.undeploy(DEPLOYMENT);

            for (SmtpClient client : List.of(greeted, inTransaction, inData)) {
                client.expect("421 4.3.2 " + Deployments.hostName() + " Service not available");
                assertTrue(client.isClosedByServer(), "still open after the 421");
            }
        }
        assertThrows(ConnectException.class, () -> SmtpClient.connect(port));
        // Free: another program could listen on it now.
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    /**
     * The listener's open line names its address and what its activation cost the adapter,
     * which is its own share of a deployment's time. The bench reports that figure; it is not
     * bounded here, since a test's timing says more about the machine's load than the code.
     */
    private static void assertOpenLine(ServerLog log, int port) {
        Pattern open = Pattern.compile("SMTP listener \\S+ open on /127\\.0\\.0\\.1:" + port
                + ", activated in (\\d+) ms");
        List<Integer> millis = log.adapterLines().stream().map(open::matcher)
                .filter(Matcher::matches).map(m -> Integer.valueOf(m.group(1))).toList();
        assertEquals(1, millis.size(), () -> "open lines for port " + port + " in "
                + log.adapterLines());
    }

    /** What the JVM holds: its live threads and what its file descriptors point to. */
    private record Usage(List<String> threadNames, List<String> fileTargets) {

        static Usage now() throws IOException {
            List<String> threads = Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).sorted().toList();
            try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
                return new Usage(threads, descriptors.map(Usage::target).sorted().toList());
            }
        }

        int threads() {
            return threadNames.size();
        }

        int files() {
            return fileTargets.size();
        }

        /** The threads outside the server's pools, by name. */
        List<String> ownThreads() {
            return threadNames.stream()
                    .filter(name -> !SERVER_POOLS.matcher(name).matches())
                    .toList();
        }

        /** What is in one list beyond what is in an earlier one. */
        static List<String> beyond(List<String> now, List<String> earlier) {
            List<String> more = new ArrayList<>(now);
            earlier.forEach(more::remove);
            return more;
        }

        /** The file, socket or pipe a descriptor stands for; one closed meanwhile, "closed". */
        private static String target(Path descriptor) {
            try {
                return Files.readSymbolicLink(descriptor).toString();
            } catch (IOException e) {
                return "closed";
            }
        }
    }

    /**
     * The usage once what ends on its own timers has ended: the first one back at the counts
     * of {@code target}, else the last one taken within a few seconds.
     */
    private static Usage settledUsage(Usage target) throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        Usage usage = Usage.now();
        while (System.currentTimeMillis() < deadline
                && (usage.ownThreads().size() > target.ownThreads().size()
                        || usage.files() > target.files())) {
            Thread.sleep(200);
            usage = Usage.now();
        }
        return usage;
    }

    private static void print(String format, Object... values) {
        System.out.println("[redeploy] " + String.format(format, values));
    }

    /**
     * No thread runs the adapter's code or Netty's once the application is undeployed.
     * Netty's own global executor thread outlives its last task by about a second, so give
     * the threads a moment before naming the ones still running.
     */
    private static void assertNoAdapterThreads() throws InterruptedException {
        Map<String, String> running = Map.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            running = adapterThreads();
            if (running.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(Map.of(), running, "threads still running the adapter's or Netty's code");
    }

    private static Map<String, String> adapterThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> runsAdapter(entry.getValue()))
                .collect(Collectors.toMap(entry -> entry.getKey().getName(),
                        entry -> entry.getValue()[0].toString(), (a, b) -> a));
    }

    /** True for a stack with a frame of Netty's or the application's, not this test's. */
    private static boolean runsAdapter(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("io.netty.")
                    || name.startsWith("org.smtpra.") && !name.startsWith("org.smtpra.it.")) {
                return true;
            }
        }
        return false;
    }
}
