package org.smtpra.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishException;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

/**
 * Runs the SMTP server for real on embedded Payara:
 * {@code java -jar ear/target/smtp-server.jar}.
 *
 * <ol>
 *   <li>settles the settings: {@code smtp.port} (2525), {@code smtp.submission.port} (2587),
 *       {@code smtp.submissions.port} (2465), {@code smtp.discard.port} (2526, the sample's
 *       discard service), {@code smtp.maildir} ({@code maildir} in the working folder),
 *       {@code smtp.database} ({@code data/mailstore} there) and a free loopback port for
 *       each of the server's own listeners, all as system properties that the domain.xml
 *       and the sample beans read;</li>
 *   <li>starts the server with the loopback domain.xml inside this jar;</li>
 *   <li>gives the adapter the settings named by system properties
 *       {@code smtp.adapter.NAME=VALUE}, as a resource-adapter-config, before it starts;</li>
 *   <li>deploys {@code smtp-ear.ear}, found beside this jar, as {@code smtp-ear};</li>
 *   <li>creates the user {@code demo} with a new password in the server's file realm;</li>
 *   <li>waits until the SMTP ports greet, then prints the ready line, and one line with the
 *       submission ports and the demo user's password;</li>
 *   <li>on Ctrl-C undeploys and disposes of the server, which deletes its temporary files.</li>
 * </ol>
 * Any failure on the way prints one line naming it and exits with status 1.
 */
public final class EmbeddedServer {

    /** The name the application is deployed under. */
    public static final String APPLICATION = "smtp-ear";

    private static final String LOOPBACK = "127.0.0.1";
    private static final String ADAPTER_PREFIX = "smtp.adapter.";
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final String[] SERVER_PORTS = {"smtpra.http.port", "smtpra.https.port",
        "smtpra.admin.port", "smtpra.iiop.port", "smtpra.iiop.ssl.port",
        "smtpra.iiop.mutualauth.port", "smtpra.jmx.port", "JMS_PROVIDER_PORT"};

    // Held here because the logging framework keeps loggers only weakly, with their levels.
    private static final Logger ROOT_LOGGER = Logger.getLogger("");
    private static final Logger SMTP_LOGGER = Logger.getLogger("org.smtpra");

    private final CountDownLatch stopped = new CountDownLatch(1);
    private GlassFishRuntime runtime;
    private GlassFish glassfish;
    private boolean deployed;

    private EmbeddedServer() {
    }

    /** Starts the server and blocks until the JVM shuts down. */
    public static void main(String[] args) throws InterruptedException {
        quietServerLog();
        EmbeddedServer server = new EmbeddedServer();
        try {
            server.start();
        } catch (StartFailure | GlassFishException e) {
            System.err.println("smtp-server: " + e.getMessage());
            server.stop();
            System.exit(1);
        }
        server.stopped.await();
    }

    private void start() throws StartFailure, GlassFishException {
        Map<Integer, String> ports = new HashMap<>();
        int port = smtpPort("smtp.port", "2525", ports);
        int submission = smtpPort("smtp.submission.port", "2587", ports);
        int submissions = smtpPort("smtp.submissions.port", "2465", ports);
        smtpPort("smtp.discard.port", "2526", ports);
        Path maildir = absolutePath("smtp.maildir", "maildir");
        Path database = absolutePath("smtp.database", "data/mailstore");
        Path ear = besideThisJar(APPLICATION + ".ear");
        chooseServerPorts();

        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "smtp-server-stop"));
        startServer();
        configureAdapter();
        deploy(ear);
        String password = createDemoUser();
        awaitGreeting(port);
        awaitGreeting(submission);
        System.out.println("SMTP server ready on " + LOOPBACK + ":" + port + " (maildir: "
                + maildir + ", database: " + database + ")");
        System.out.println("Submission on " + LOOPBACK + ":" + submission + " (STARTTLS) and "
                + LOOPBACK + ":" + submissions + " (TLS), user " + DemoUser.NAME
                + ", password " + password + " (outbox: " + maildir.resolve(".Outbox") + ")");
    }

    private synchronized String createDemoUser() throws StartFailure {
        try {
            return DemoUser.create(glassfish.getCommandRunner());
        } catch (IOException | GlassFishException e) {
            throw new StartFailure(e.getMessage());
        }
    }

    private void startServer() throws GlassFishException {
        GlassFishProperties properties = new GlassFishProperties();
        properties.setConfigFileURI(getClass().getResource("domain.xml").toString());
        properties.setConfigFileReadOnly(true);
        synchronized (this) {
            runtime = GlassFishRuntime.bootstrap();
            glassfish = runtime.newGlassFish(properties);
            glassfish.start();
        }
    }

    /**
     * The adapter's settings from {@code -Dsmtp.adapter.NAME=VALUE}, given to the server as
     * the resource-adapter-config of the adapter inside the EAR, which the server reads when
     * the EAR deploys. The runner's domain is not saved, so they last one run.
     */
    private synchronized void configureAdapter() throws StartFailure, GlassFishException {
        StringBuilder properties = new StringBuilder();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(ADAPTER_PREFIX) && name.length() > ADAPTER_PREFIX.length()) {
                String value = System.getProperty(name);
                // asadmin's property list separates entries with ':' and escapes with '\'.
                properties.append(properties.length() == 0 ? "" : ":")
                        .append(name.substring(ADAPTER_PREFIX.length())).append('=')
                        .append(value.replace("\\", "\\\\").replace(":", "\\:")
                                .replace("=", "\\="));
            }
        }
        if (properties.length() == 0) {
            return;
        }
        CommandResult result = glassfish.getCommandRunner().run(
                "create-resource-adapter-config", "--property", properties.toString(),
                APPLICATION + "#smtp-ra");
        if (result.getExitStatus() != CommandResult.ExitStatus.SUCCESS) {
            throw new StartFailure("cannot set the adapter's settings " + properties + ": "
                    + result.getOutput());
        }
    }

    private synchronized void deploy(Path ear) throws StartFailure, GlassFishException {
        String name = glassfish.getDeployer().deploy(ear.toUri(), "--name", APPLICATION);
        if (name == null) {
            throw new StartFailure("deployment of " + ear + " failed; the log above says why");
        }
        deployed = true;
    }

    /** Undeploys, then disposes of the server; safe to call in any state, more than once. */
    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        // Payara prints a debug line on standard output while it undeploys; standard output
        // is kept for this runner's own lines.
        PrintStream out = System.out;
        System.setOut(System.err);
        boolean wasRunning = deployed;
        try {
            if (deployed) {
                glassfish.getDeployer().undeploy(APPLICATION);
                deployed = false;
            }
            if (glassfish != null) {
                glassfish.dispose();
                glassfish = null;
            }
            if (runtime != null) {
                runtime.shutdown();
                runtime = null;
            }
            if (wasRunning) {
                out.println("SMTP server stopped");
            }
        } catch (GlassFishException e) {
            System.err.println("smtp-server: stopping failed: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Shows the adapter's INFO lines and only warnings and errors of the server's own, which
     * would otherwise fill the screen at every start. A logging configuration given with
     * {@code -Djava.util.logging.config.file} is left alone.
     */
    private static void quietServerLog() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            ROOT_LOGGER.setLevel(Level.WARNING);
            SMTP_LOGGER.setLevel(Level.INFO);
        }
    }

    /**
     * Waits for the SMTP greeting. A deployment whose bean could not listen is reported by
     * the server only in its log, so the port is the proof that the application runs.
     */
    private static void awaitGreeting(int port) throws StartFailure {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (greets(port)) {
                return;
            }
            sleep(100);
        }
        throw new StartFailure("the application is deployed, but port " + port
                + " gave no SMTP greeting within " + READY_TIMEOUT_SECONDS + " s");
    }

    private static boolean greets(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return greeting != null && greeting.startsWith("220");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The port a system property names, which must be free and no other listener's: the
     * deployment would otherwise fail late, or succeed with a bean that cannot listen, and
     * the readiness check would greet another process.
     *
     * @param taken the ports named so far, each with its property; this one is added
     */
    private static int smtpPort(String property, String defaultValue, Map<Integer, String> taken)
            throws StartFailure {
        int port = port(property, setting(property, defaultValue));
        String other = taken.putIfAbsent(port, property);
        if (other != null) {
            throw new StartFailure("port " + port + " is given to both " + other + " and "
                    + property + "; each listener needs a port of its own");
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new StartFailure("port " + port + " on " + LOOPBACK + " is in use ("
                    + e.getMessage() + "); choose another with -D" + property + "=N");
        }
        return port;
    }

    /** The server's own listeners are not used from outside: any free port will do. */
    private static void chooseServerPorts() throws StartFailure {
        for (String property : SERVER_PORTS) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, Integer.toString(freePort()));
            }
        }
    }

    private static int freePort() throws StartFailure {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartFailure("no free port on " + LOOPBACK + ": " + e.getMessage());
        }
    }

    private static int port(String property, String text) throws StartFailure {
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new StartFailure(property + " must be a port number, was " + text);
    }

    /**
     * A path setting made absolute, so that the server, whose working folder may differ,
     * finds the same file.
     */
    private static Path absolutePath(String name, String defaultValue) {
        Path path = Path.of(setting(name, defaultValue)).toAbsolutePath();
        System.setProperty(name, path.toString());
        return path;
    }

    /** The system property, set to the default when it was not given. */
    private static String setting(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = defaultValue;
            System.setProperty(name, value);
        }
        return value;
    }

    private static Path besideThisJar(String fileName) throws StartFailure {
        Path file;
        try {
            Path jar = Path.of(EmbeddedServer.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            file = jar.resolveSibling(fileName);
        } catch (URISyntaxException e) {
            throw new StartFailure("cannot locate this jar: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw new StartFailure(file + " is missing; build it with: mvn -q package "
                    + "-DskipTests");
        }
        return file;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A start-up step failed; the message says which and why. */
    private static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
