package org.smtpra.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The runnable server as a user starts it, {@code java -jar ear/target/smtp-server.jar}, in a
 * JVM of its own: its standard output read line by line, its standard error in a file.
 */
final class RunnerProcess implements AutoCloseable {

    /** How long a start may take, server and deployment included. */
    static final long START_TIMEOUT_SECONDS = 90;

    private final Process process;
    private final BlockingQueue<String> lines;

    private RunnerProcess(Process process) {
        this.process = process;
        this.lines = linesOf(process);
    }

    /**
     * Starts the runner with these system properties ({@code -Dname=value}, or JVM options
     * such as {@code -Xmx256m}), in this working folder.
     *
     * @param errors the file that gets its standard error, the server's log
     */
    static RunnerProcess start(Path workingFolder, Path errors, List<String> options)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-jar");
        command.add(System.getProperty("smtpra.runner"));
        return new RunnerProcess(new ProcessBuilder(command)
                .directory(workingFolder.toFile())
                .redirectError(errors.toFile())
                .start());
    }

    /** The next line of standard output, or null when none came in time. */
    String nextLine(long seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    /** The runner's process, for its exit value and its handle. */
    Process process() {
        return process;
    }

    /**
     * Stops the runner as Ctrl-C does, with SIGTERM, and waits for its end. Through the
     * handle, because Process.destroy() also closes the pipes, and the last line would be
     * lost.
     *
     * @return true when it ended within the time
     */
    boolean stop(long seconds) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** Kills the runner at once, as kill -9 does: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Kills a runner still running; a test ends with none left. */
    @Override
    public void close() {
        process.destroyForcibly();
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
}
