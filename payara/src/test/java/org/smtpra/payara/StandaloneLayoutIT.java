package org.smtpra.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production layout on the real Payara Server: the adapter's settings put into the
 * server with their descriptions, smtp-ra.rar deployed on its own, the sample in its own
 * archive; then settings changed through asadmin and through REST, seen on the wire without
 * the application being disabled, enabled or redeployed.
 */
@ExtendWith(RealServer.class)
@TestMethodOrder(OrderAnnotation.class)
class StandaloneLayoutIT {

    static final String ADAPTER = "smtp-ra";
    static final String CONFIG = "/resources/resource-adapter-config/" + ADAPTER;
    static final String PROPERTY = "resources.resource-adapter-config." + ADAPTER + ".property.";
    static final Duration APPLIED = Duration.ofSeconds(60);

    private static PayaraServer server;
    private static AdminRest rest;
    private static Sample sample;
    private static Path dist;

    @BeforeAll
    static void deployLayout(PayaraServer realServer, Sample ports) {
        server = realServer;
        sample = ports;
        rest = new AdminRest(server.adminUrl());
        dist = Path.of(RealServer.required("smtpra.dist"));
    }

    @AfterAll
    static void undeployLayout() throws Exception {
        if (server == null) {
            return;
        }
        Timings.time("undeploy the standalone layout", () -> {
            server.asadmin("undeploy", "smtp-sample");
            server.asadmin("undeploy", ADAPTER);
            server.asadmin("delete-resource-adapter-config", ADAPTER);
        });
    }

    @Test
    @Order(1)
    void everySettingGoesInWithItsDescriptionBeforeTheAdapter() throws Exception {
        String settings = Files.readString(dist.resolve("smtp-ra-settings.json"),
                StandardCharsets.UTF_8);
        Timings.time("create the adapter's config with every setting (asadmin, REST)", () -> {
            server.asadmin("create-resource-adapter-config", ADAPTER);
            rest.postJson(CONFIG + "/property", settings);
        });

        Map<String, JsonNode> shown = restProperties();
        for (AdapterSettingsFile.Setting setting : AdapterSettingsFile.settings()) {
            JsonNode property = shown.get(setting.name());
            assertTrue(property != null, setting.name() + " missing from REST: " + shown.keySet());
            assertEquals(setting.description(), property.path("description").asText());
            assertEquals(setting.value(), property.path("value").asText());
        }
        String listed = server.asadmin("list-resource-adapter-configs", "--long");
        for (AdapterSettingsFile.Setting setting : AdapterSettingsFile.settings()) {
            assertTrue(listed.contains(setting.name() + "="), setting.name() + " missing from "
                    + "asadmin list-resource-adapter-configs --long:\n" + listed);
        }
    }

    @Test
    @Order(2)
    void theAdapterAndTheSampleDeployOnTheirOwn() throws Exception {
        Timings.time("deploy smtp-ra.rar", () -> server.asadmin("deploy", "--name", ADAPTER,
                dist.resolve("smtp-ra.rar").toString()));
        Timings.time("deploy smtp-sample.jar", () -> server.asadmin("deploy", "--name",
                "smtp-sample", dist.resolve("smtp-sample.jar").toString()));
        sample.awaitListening();
        assertEquals(10_485_760L, SmtpProbe.advertisedSize(sample.mailbox));
    }

    @Test
    @Order(3)
    void aSettingChangedWithAsadminShowsOnTheWire() throws Exception {
        Timings.time("asadmin set maxMessageSize, until EHLO shows it", () -> {
            server.asadmin("set", PROPERTY + "maxMessageSize=2000000");
            Wait.until("SIZE 2000000 in the EHLO reply", APPLIED,
                    () -> SmtpProbe.advertisedSize(sample.mailbox) == 2_000_000L);
        });
        assertEquals(2_000_000L, SmtpProbe.advertisedSize(sample.submission));
    }

    @Test
    @Order(4)
    void aSettingChangedThroughRestShowsOnTheWire() throws Exception {
        assertEquals(5, SmtpProbe.acceptedRecipients(sample.mailbox, 5));
        Timings.time("REST maxRecipients, until RCPT shows it", () -> {
            rest.postForm(CONFIG + "/property/maxRecipients", "value=3");
            Wait.until("the third recipient to be the last one accepted", APPLIED,
                    () -> SmtpProbe.acceptedRecipients(sample.mailbox, 5) == 3);
        });
        assertEquals(description("maxRecipients"),
                restProperties().get("maxRecipients").path("description").asText(),
                "a change of value keeps the description");
    }

    /** An administrator translates a reply of the catalog without rebuilding anything. */
    @Test
    @Order(4)
    void aReplyTextTranslatedThroughRestShowsOnTheWire() throws Exception {
        String translation = "2175016 550 Utilisateur inconnu : <email_addr>";
        Timings.time("REST replyTexts, until RCPT shows it", () -> {
            rest.postForm(CONFIG + "/property/replyTexts", "value="
                    + URLEncoder.encode(translation, StandardCharsets.UTF_8));
            Wait.until("the translated refusal of an unknown user", APPLIED,
                    () -> refusalOfNobody().equals(
                            "550 5.1.1 Utilisateur inconnu : nobody@example.com"));
        });
    }

    private String refusalOfNobody() throws IOException {
        try (SmtpProbe smtp = SmtpProbe.connect(sample.mailbox)) {
            smtp.send("EHLO probe.example.org");
            smtp.send("MAIL FROM:<probe@example.org>");
            List<String> reply = smtp.send("RCPT TO:<nobody@example.com>");
            return reply.get(reply.size() - 1);
        }
    }

    @Test
    @Order(5)
    void aChangeKeepsEveryListenersOpenSessionsOnTheirSettings() throws Exception {
        // tlsMode is the adapter's for MailboxBean only: the submission beans set their own.
        long logStart = server.logSize();
        try (SmtpProbe held = SmtpProbe.connect(sample.submission);
                SmtpProbe changed = SmtpProbe.connect(sample.mailbox)) {
            held.send("EHLO held.example.org");
            changed.send("EHLO changed.example.org");
            Timings.time("REST tlsMode, until MailboxBean's EHLO shows it", () -> {
                rest.postForm(CONFIG + "/property/tlsMode", "value=none");
                Wait.until("MailboxBean to stop offering STARTTLS", APPLIED,
                        () -> !offers(sample.mailbox, "STARTTLS"));
            });
            assertEquals(250, held.code("NOOP"), "the open session on SubmissionBean");
            assertEquals(250, changed.code("NOOP"), "the open session on MailboxBean");
            assertTrue(changed.send("EHLO again.example.org").contains("250 STARTTLS"),
                    "the open session keeps the settings it started with");
            assertTrue(offers(sample.submission, "STARTTLS"));
        }
        String log = server.logFrom(logStart);
        assertTrue(log.lines().anyMatch(line -> line.contains(
                "SMTP listener SubmissionBean kept open by the restarted adapter")
                && !line.contains("changed settings")), log);
        assertTrue(log.contains("SMTP listener MailboxBean kept open by the restarted adapter; "
                + "new sessions take the changed settings"), log);
    }

    @Test
    @Order(6)
    void theConsolePageShowsEverySettingAndAppliesAnEdit() throws Exception {
        Optional<Path[]> browser = Browser.installed();
        if (browser.isEmpty()) {
            assertFalse(System.getenv().containsKey("CI"), "CI needs the console test: "
                    + "apt-get install chromium chromium-driver (.ci/run does)");
            System.out.println("[payara] console test skipped: no chromium and chromedriver");
            return;
        }
        Timings.time("first request to the console, until it has deployed itself",
                () -> ConsolePage.awaitConsole(server.adminUrl()));
        Path screenshot = Path.of(RealServer.required("smtpra.console.screenshot"));
        try (Browser chromium = Browser.start(browser.get()[0], browser.get()[1],
                screenshot.resolveSibling("chromium-profile"))) {
            ConsolePage page = Timings.time("open the adapter's page in headless Chromium",
                    () -> ConsolePage.open(chromium, ConsolePage.address(server.adminUrl(),
                            ADAPTER)));
            List<String> names = page.names();
            page.screenshot(screenshot);
            for (AdapterSettingsFile.Setting setting : AdapterSettingsFile.settings()) {
                assertTrue(names.contains(setting.name()), setting.name()
                        + " missing from the console page: " + names);
            }
            Timings.time("edit maxRecipients in the console, until RCPT shows it", () -> {
                page.change("maxRecipients", "4");
                Wait.until("the fourth recipient to be the last one accepted", APPLIED,
                        () -> SmtpProbe.acceptedRecipients(sample.mailbox, 6) == 4);
            });
            assertEquals(description("maxRecipients"), restProperties().get("maxRecipients")
                    .path("description").asText(), "the console's Save keeps descriptions");
        }
    }

    @Test
    @Order(7)
    void redeployingTheSampleKeepsTheChangedSettings() throws Exception {
        Timings.time("redeploy smtp-sample.jar", () -> server.asadmin("redeploy", "--name",
                "smtp-sample", dist.resolve("smtp-sample.jar").toString()));
        sample.awaitListening();
        assertEquals(2_000_000L, SmtpProbe.advertisedSize(sample.mailbox));
        assertEquals(4, SmtpProbe.acceptedRecipients(sample.mailbox, 6));
    }

    @Test
    @Order(8)
    void undeployingTheSampleAfterAChangeClosesItsListeners() throws Exception {
        server.asadmin("set", PROPERTY + "maxMessageSize=3000000");
        Wait.until("SIZE 3000000 in the EHLO reply", APPLIED,
                () -> SmtpProbe.advertisedSize(sample.mailbox) == 3_000_000L);
        Timings.time("undeploy smtp-sample.jar after a change", () -> {
            server.asadmin("undeploy", "smtp-sample");
            sample.awaitClosed();
        });
        Timings.time("deploy smtp-sample.jar again", () -> server.asadmin("deploy",
                "--name", "smtp-sample", dist.resolve("smtp-sample.jar").toString()));
        sample.awaitListening();
        assertEquals(3_000_000L, SmtpProbe.advertisedSize(sample.mailbox));
        assertFalse(server.logFrom(0).contains("Address already in use"));
    }

    private static String description(String name) {
        return AdapterSettingsFile.settings().stream().filter(s -> s.name().equals(name))
                .findFirst().orElseThrow().description();
    }

    /** Whether the listener's EHLO reply has a line for the extension. */
    private static boolean offers(int port, String extension) throws Exception {
        try (SmtpProbe smtp = SmtpProbe.connect(port)) {
            return smtp.send("EHLO probe.example.org").stream()
                    .anyMatch(line -> line.substring(4).equals(extension));
        }
    }

    static Map<String, JsonNode> restProperties() throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode property : rest.get(CONFIG + "/property").path("extraProperties")
                .path("properties")) {
            byName.put(property.path("name").asText(), property);
        }
        return byName;
    }
}
