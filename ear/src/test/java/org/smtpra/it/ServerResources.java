package org.smtpra.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the server holds, read from the JVM it runs in (embedded Payara runs in the tests'
 * JVM) and from Linux's /proc: its threads, its open files and its connections on a port.
 */
final class ServerResources {

    /** The kernel's TCP states (include/net/tcp_states.h) a socket with a descriptor has. */
    private static final List<String> HELD_STATES = List.of(
            "01", // ESTABLISHED
            "04", // FIN_WAIT1
            "05", // FIN_WAIT2
            "08", // CLOSE_WAIT: the peer closed, this side has not
            "09", // LAST_ACK
            "0B"); // CLOSING

    private static final Pattern POOL_WORKER = Pattern.compile(
            "orb-thread-pool-1 \\(pool #\\d+\\): worker-\\d+");

    private ServerResources() {
    }

    /** The JVM's live threads. */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * The idle workers of the server's thread pool (thread-pool-1, which the WorkManager and
     * so every bean call uses): the pool starts them for a peak and keeps them until its
     * idle timeout, 900 s by default, so they are counted apart.
     */
    static int idlePoolWorkers() {
        int idle = 0;
        for (Map.Entry<Thread, StackTraceElement[]> thread
                : Thread.getAllStackTraces().entrySet()) {
            if (POOL_WORKER.matcher(thread.getKey().getName()).matches()
                    && thread.getKey().getState() != Thread.State.RUNNABLE
                    && Arrays.stream(thread.getValue()).noneMatch(frame ->
                            frame.getClassName().startsWith("org.smtpra."))) {
                idle++;
            }
        }
        return idle;
    }

    /** The names of the JVM's live threads, sorted, to tell which ones a count is about. */
    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted()
                .toList();
    }

    /** The process's open file descriptors: files, sockets, pipes. */
    static long openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    /**
     * Connections whose local end is this port and that the server still holds: the
     * server's side of every session, including those the client closed and the server did
     * not (CLOSE_WAIT), which is where a leak would show.
     */
    static long connectionsOnPort(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local)
                        && HELD_STATES.contains(fields[3])) {
                    count++;
                }
            }
        }
        return count;
    }
}
