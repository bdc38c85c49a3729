package org.smtpra.payara;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real Payara Server, unpacked from its distribution zip into a folder of its own, with
 * domain1 rewritten by {@link LoopbackDomain}, and driven through asadmin.
 *
 * <p>Lifecycle: {@link #install} unpacks a fresh copy (a previous one is deleted),
 * {@link #start} starts domain1, {@link #asadmin} runs commands against it, {@link #close}
 * stops it.
 */
final class PayaraServer implements AutoCloseable {

    private static final long COMMAND_SECONDS = 120;
    private static final long START_SECONDS = 240;

    private final Path home;
    private final Map<String, Integer> ports;
    private final Path commandLog;
    private boolean running;

    private PayaraServer(Path home, Map<String, Integer> ports) {
        this.home = home;
        this.ports = ports;
        this.commandLog = home.resolveSibling("asadmin.log");
    }

    /** Unpacks the zip under {@code folder} (emptied first) and rewrites domain1. */
    static PayaraServer install(Path zip, Path folder) throws Exception {
        deleteTree(folder);
        unzip(zip, folder);
        Path home = folder.resolve("payara6");
        Map<String, Integer> ports = LoopbackDomain.rewrite(domainDir(home)
                .resolve("config/domain.xml"));
        return new PayaraServer(home, ports);
    }

    /** Starts domain1 and returns once the admin listener answers. */
    void start() throws IOException {
        asadmin(START_SECONDS, "start-domain", "domain1");
        running = true;
    }

    /** The admin listener's port: asadmin, REST and the console. */
    int adminPort() {
        return ports.get("admin-listener");
    }

    /** The base URL of the admin listener. */
    String adminUrl() {
        return "http://" + LoopbackDomain.LOOPBACK + ":" + adminPort();
    }

    /** The server's log file. */
    Path serverLog() {
        return domainDir(home).resolve("logs/server.log");
    }

    /** The server log's text from {@code offset} on, for looking at what a step logged. */
    String logFrom(long offset) throws IOException {
        byte[] all = Files.readAllBytes(serverLog());
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The server log's size now, to read what comes after with {@link #logFrom}. */
    long logSize() throws IOException {
        return Files.size(serverLog());
    }

    /**
     * Runs an asadmin command against the domain and returns what it printed.
     *
     * @throws AssertionError with the command's output when it fails or takes too long
     */
    String asadmin(String... arguments) throws IOException {
        return asadmin(COMMAND_SECONDS, arguments);
    }

    private String asadmin(long limitSeconds, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-jar",
                home.resolve("glassfish/lib/client/appserver-cli.jar").toString(),
                "--host", LoopbackDomain.LOOPBACK, "--port", Integer.toString(adminPort()),
                "--interactive=false"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // start-domain starts the server with this JDK.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        String output = readAll(process, limitSeconds, String.join(" ", arguments));
        Files.writeString(commandLog, "$ asadmin " + String.join(" ", arguments) + "\n"
                + output + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (process.exitValue() != 0) {
            throw new AssertionError("asadmin " + String.join(" ", arguments) + " failed ("
                    + process.exitValue() + "):\n" + output);
        }
        return output;
    }

    private static String readAll(Process process, long limitSeconds, String what)
            throws IOException {
        // The output is small; reading it to its end is what lets the process exit.
        try (InputStream in = process.getInputStream()) {
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output not read: ").append(e).append(')');
                }
            }, "asadmin-output");
            reader.start();
            if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("asadmin " + what + " did not end within "
                        + limitSeconds + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (output) {
                return output.toString();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running asadmin " + what, e);
        }
    }

    /** Stops the domain; a failure is reported, not thrown, so that other cleanup runs. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            asadmin("stop-domain", "domain1");
        } catch (IOException | AssertionError e) {
            System.err.println("[payara] stop-domain failed: " + e.getMessage());
        }
    }

    private static Path domainDir(Path home) {
        return home.resolve("glassfish/domains/domain1");
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void unzip(Path zip, Path folder) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
