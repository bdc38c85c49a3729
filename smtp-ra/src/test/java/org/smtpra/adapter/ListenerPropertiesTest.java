package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.api.Reply;
import org.smtpra.protocol.SessionConfig;

/**
 * The settings shared by the adapter and the spec, laid over each other, and the faults
 * that make a listener answer 421 instead of failing its activation.
 */
class ListenerPropertiesTest {

    @TempDir
    Path folder;

    private final SmtpResourceAdapter adapter = new SmtpResourceAdapter();
    private final SmtpActivationSpec spec = new SmtpActivationSpec();
    private final List<String> severe = new ArrayList<>();
    private final Logger faultLog = Logger.getLogger(ConfigurationFaults.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            severe.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void workingListener() {
        adapter.setServerName("mx.example.com");
        adapter.setLocalDomains("example.com");
        adapter.setSpoolDirectory(folder.resolve("spool").toString());
        adapter.setTlsMode("none");
        faultLog.addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        faultLog.removeHandler(capture);
    }

    private SessionConfig config() throws InvalidPropertyException {
        return ListenerSettings.of("TestBean", adapter, spec).sessionConfig();
    }

    @Test
    void startsTheAdapterWithTheDeclaredDefaultsAndTheSpecWithNone() {
        assertEquals(300, adapter.getCommandTimeout());
        assertEquals(100, adapter.getMaxHops());
        assertTrue(adapter.isAuthenticatedRelay());
        assertEquals("127.0.0.0/8, ::1/128", adapter.getRelayNetworks());
        assertNull(adapter.getDeniedSenders());
        assertNull(spec.getCommandTimeout());
        assertNull(spec.isAuthenticatedRelay());
    }

    @Test
    void carriesTimeoutsAndPolicyIntoTheSessions() throws Exception {
        adapter.setDecisionTimeout(7);
        spec.setCommandTimeout(10);
        spec.setMaxTlsHandshakes(4);
        spec.setStrictMime(true);
        spec.setMaxHops(30);
        spec.setDeniedClients("192.0.2.0/24");
        SessionConfig config = config();
        assertEquals(Duration.ofSeconds(10), config.commandTimeout());
        assertEquals(Duration.ofSeconds(180), config.dataTimeout());
        assertEquals(Duration.ofHours(1), config.sessionTimeout());
        assertEquals(Duration.ofSeconds(7), config.decisionTimeout());
        assertEquals(4, config.maxTlsHandshakes());
        assertTrue(config.policy().strictMime());
        assertEquals(30, config.policy().maxHops());
        assertEquals(Reply.CLIENT_DENIED,
                config.policy().clientRefusal(InetAddress.getByName("192.0.2.9")));
        assertNull(config.unavailable());
        assertEquals(List.of(), severe);
    }

    @Test
    void takesTheAdaptersValueForABlankSetting() throws Exception {
        adapter.setDeniedSenders("spam.example");
        spec.setDeniedSenders(" ");
        SessionConfig config = config();
        assertEquals(Reply.SENDER_BLACKLISTED, config.policy()
                .senderRefusal(new org.smtpra.api.Path("a", "spam.example")));
    }

    @Test
    void readsListsFromFilesToo() throws Exception {
        Path file = Files.writeString(folder.resolve("audited.txt"), "# watched\nwatch.example\n");
        spec.setAuditedSendersFile(file.toString());
        assertEquals(Reply.SENDER_IN_AUDIT_LIST, config().policy()
                .senderRefusal(new org.smtpra.api.Path("x", "watch.example")));
    }

    @Test
    void replacesReplyTextsFromTheSettingAndTheFile() throws Exception {
        Path file = Files.writeString(folder.resolve("texts.txt"),
                "# ours\n2175016 550 No such user here\n2175017 552 Mailbox <email_addr> is over "
                + "quota\n");
        adapter.setReplyTextsFile(file.toString());
        spec.setReplyTexts("2175016 550 Unknown user <email_addr> | 2172001 214 See the site");
        SessionConfig config = config();
        assertEquals("550 5.1.1 Unknown user a@example.com",
                config.replies().line(Reply.INVALID_USER, true, null, "a@example.com"));
        assertEquals("552 5.2.2 Mailbox a@example.com is over quota",
                config.replies().line(Reply.MAILBOX_FULL, true, null, "a@example.com"));
        assertEquals("214 See the site", config.replies().line(Reply.HELP, false, null, null));
    }

    @Test
    void answersNoHostedDomainWithoutLocalDomainsAndNamesTheSetting() throws Exception {
        adapter.setLocalDomains("");
        SessionConfig config = config();
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_HOSTED_DOMAIN, config.unavailable());
        assertEquals(1, severe.size(), severe::toString);
        assertTrue(severe.get(0).contains("fix the setting localDomains"), severe::toString);
        assertTrue(severe.get(0).endsWith("answers every client \"421 mx.example.com Service "
                + "not available - no valid hosted domain\" and closes"), severe::toString);
    }

    @Test
    void answersNoSpoolFolderWhenItCannotBeCreated() throws Exception {
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        spec.setSpoolDirectory(file.resolve("spool").toString());
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_SPOOL_FOLDER, config().unavailable());
        assertTrue(severe.get(0).contains("fix the setting spoolDirectory"), severe::toString);
    }

    @Test
    void answersNoConfigurationForAListFileThatCannotBeRead() throws Exception {
        spec.setDeniedSendersFile(folder.resolve("missing.txt").toString());
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION, config().unavailable());
        assertTrue(severe.get(0).contains("NoSuchFileException"), severe::toString);
        assertTrue(severe.get(0).contains("fix the setting deniedSendersFile"), severe::toString);
    }

    @Test
    void answersNoConfigurationForAnEntryThatIsNoNetwork() throws Exception {
        Path file = Files.writeString(folder.resolve("clients.txt"), "192.0.2.0/24\nnot-an-ip\n");
        spec.setDeferredClientsFile(file.toString());
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION, config().unavailable());
        assertTrue(severe.get(0).contains("not-an-ip"), severe::toString);
    }

    @Test
    void answersNoConfigurationForMalformedReplyTexts() throws Exception {
        spec.setReplyTexts("2175016 250 Accepted after all");
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION, config().unavailable());
        assertTrue(severe.get(0).contains("fix the setting replyTexts"), severe::toString);
        spec.setReplyTexts("");
        spec.setReplyTextsFile(folder.resolve("missing.txt").toString());
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION, config().unavailable());
    }

    @Test
    void answersNoAddressesWhenTheListenerHasNoNameOfItsOwn() throws Exception {
        // The adapter was never started, so it knows no host name.
        adapter.setServerName("");
        SessionConfig config = config();
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_ADDRESSES, config.unavailable());
        assertEquals("localhost", config.serverName());
        assertTrue(severe.get(0).contains("fix the setting serverName"), severe::toString);
    }

    @Test
    void logsEveryFaultAndAnswersTheFirstByCatalogOrder() throws Exception {
        adapter.setLocalDomains("");
        spec.setReplyTexts("nonsense");
        assertEquals(Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION, config().unavailable());
        assertEquals(2, severe.size(), severe::toString);
    }

    @Test
    void stillFailsTheActivationForValuesInvalidInThemselves() {
        adapter.setMaxHops(null);
        InvalidPropertyException failure =
                assertThrows(InvalidPropertyException.class, this::config);
        assertEquals("maxHops has no value in the resource adapter nor in the activation spec",
                failure.getMessage());
        spec.setCommandTimeout(0);
        spec.setMaxHops(0);
        String problems = assertThrows(InvalidPropertyException.class, spec::validate)
                .getMessage();
        assertTrue(problems.contains("commandTimeout must be positive"), problems);
        assertTrue(problems.contains("maxHops must be at least 1"), problems);
        assertFalse(problems.contains("replyTexts"), problems);
    }
}
