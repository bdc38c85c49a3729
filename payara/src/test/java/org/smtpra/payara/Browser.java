package org.smtpra.payara;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Headless Chromium driven by chromedriver through the W3C WebDriver protocol, which is
 * JSON over HTTP: a few requests, so no WebDriver library.
 */
final class Browser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium",
            "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Process driver;
    private final String base;
    private String session;

    private Browser(Process driver, int port) {
        this.driver = driver;
        this.base = "http://" + LoopbackDomain.LOOPBACK + ":" + port;
    }

    /** The browser and its driver, when both are installed. */
    static Optional<Path[]> installed() {
        Optional<Path> chromium = first(CHROMIUM);
        Optional<Path> chromedriver = first(CHROMEDRIVER);
        return chromium.isPresent() && chromedriver.isPresent()
                ? Optional.of(new Path[] {chromium.get(), chromedriver.get()})
                : Optional.empty();
    }

    private static Optional<Path> first(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts chromedriver on a free loopback port and opens a headless browser. */
    static Browser start(Path chromium, Path chromedriver, Path profile) throws Exception {
        int port = LoopbackDomain.freePort();
        Files.createDirectories(profile.toAbsolutePath().getParent());
        Process driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromedriver.log").toFile())
                .start();
        Browser browser = new Browser(driver, port);
        try {
            Wait.until("chromedriver on port " + port, Duration.ofSeconds(30),
                    () -> browser.call("GET", "/status", null).path("ready").asBoolean());
            browser.open(chromium, profile);
            return browser;
        } catch (Exception | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    private void open(Path chromium, Path profile) throws IOException {
        Files.createDirectories(profile);
        ObjectNode options = JSON.createObjectNode().put("binary", chromium.toString());
        // Headless, no sandbox (root in CI), and nothing that reaches out to the Internet.
        for (String arg : List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,2600",
                "--user-data-dir=" + profile)) {
            options.withArray("args").add(arg);
        }
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").putObject("alwaysMatch")
                .put("browserName", "chrome").set("goog:chromeOptions", options);
        session = call("POST", "/session", capabilities).path("sessionId").asText();
    }

    /** Loads a page and returns once it has loaded. */
    void open(String url) throws IOException {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs a script in the page and returns its result. */
    JsonNode script(String script) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** Saves a PNG of the window. */
    void screenshot(Path png) throws IOException {
        String data = call("GET", "/session/" + session + "/screenshot", null).asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode value = JSON.readTree(response.body()).path("value");
            if (response.statusCode() != 200) {
                throw new IOException("WebDriver " + method + " " + path + ": HTTP "
                        + response.statusCode() + " " + value.path("message").asText());
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: WebDriver " + path, e);
        }
    }

    /** Ends the browser session and the driver. */
    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException e) {
            System.err.println("[payara] closing the browser: " + e.getMessage());
        } finally {
            driver.destroy();
        }
    }
}
