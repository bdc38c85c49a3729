package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.protocol.TlsMode;

/**
 * Where a listener's key comes from, and what happens when it cannot be loaded: a SEVERE line
 * that names the setting to fix, and a listener that keeps its promises.
 */
class ListenerTlsTest {

    private static final String[] SERVER_PROPERTIES = {"com.sun.aas.instanceRoot",
        "javax.net.ssl.keyStore", "javax.net.ssl.keyStorePassword"};

    @TempDir
    Path folder;

    private final Properties saved = new Properties();
    private final List<LogRecord> severe = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.SEVERE) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void isolate() {
        for (String name : SERVER_PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                saved.setProperty(name, value);
            }
            System.clearProperty(name);
        }
        Logger.getLogger(ListenerTls.class.getName()).addHandler(capture);
    }

    @AfterEach
    void restore() {
        Logger.getLogger(ListenerTls.class.getName()).removeHandler(capture);
        for (String name : SERVER_PROPERTIES) {
            System.clearProperty(name);
        }
        saved.forEach((name, value) -> System.setProperty((String) name, (String) value));
    }

    private static ListenerTls choose(String mode, boolean requireTls, KeySettings keys)
            throws InvalidPropertyException {
        return ListenerTls.choose("TestBean", mode, requireTls, keys, new LoadedKeys());
    }

    private static KeySettings serversKey() {
        return new KeySettings("", "", "");
    }

    /** A domain's instance root with config/keystore.p12 holding s1as, as Payara makes it. */
    private Path domain(String file) throws Exception {
        Path root = folder.resolve("domain1");
        KeyStores.withKey(root.resolve("config").resolve(file), "s1as", "changeit");
        System.setProperty("com.sun.aas.instanceRoot", root.toString());
        return root;
    }

    @Test
    void offersNoTlsWhenNoKeyIsConfiguredAndTheServerHasNone() throws Exception {
        ListenerTls tls = choose("", false, serversKey());
        assertEquals(TlsMode.NONE, tls.mode());
        assertNull(tls.key());
        assertEquals(List.of(), severe);
    }

    @Test
    void servesTheServersOwnKeyFromTheInstanceRoot() throws Exception {
        domain("keystore.p12");
        ListenerTls tls = choose("", false, serversKey());
        assertEquals(TlsMode.STARTTLS, tls.mode());
        assertNotNull(tls.key());
    }

    @Test
    void findsTheJksStoreOfOlderDomains() throws Exception {
        domain("keystore.jks");
        assertEquals(TlsMode.STARTTLS, choose("", false, serversKey()).mode());
    }

    @Test
    void prefersTheKeyStoreTheServerNamesInItsSystemProperties() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("elsewhere.p12"), "s1as", "right-one");
        System.setProperty("javax.net.ssl.keyStore", store.toString());
        System.setProperty("javax.net.ssl.keyStorePassword", "right-one");
        assertEquals(TlsMode.IMPLICIT, choose("implicit", false, serversKey()).mode());
    }

    @Test
    void servesAConfiguredKeyWithItsOwnAliasAndPassword() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "mx", "right-one");
        ListenerTls tls = choose("STARTTLS", true,
                new KeySettings(store.toString(), "right-one", "mx"));
        assertEquals(TlsMode.STARTTLS, tls.mode());
    }

    @Test
    void offersNoTlsWhenToldSoEvenWithAKey() throws Exception {
        domain("keystore.p12");
        assertEquals(TlsMode.NONE, choose("none", false, serversKey()).mode());
    }

    @Test
    void namesKeyStorePasswordWhenThePasswordIsWrong() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "s1as", "right-one");
        ListenerTls tls = choose("", false, new KeySettings(store.toString(), "wrong", ""));
        assertEquals(TlsMode.STARTTLS, tls.mode());
        assertTrue(tls.key().toString().startsWith("no usable key: "), tls.key()::toString);
        assertSevere("fix the setting keyStorePassword");
    }

    @Test
    void namesKeyAliasAndTheKeysThereAreWhenTheAliasIsMissing() throws Exception {
        domain("keystore.p12");
        choose("starttls", false, new KeySettings("", "", "mail"));
        assertSevere("has no key named 'mail'; its keys: [s1as]; fix the setting keyAlias");
    }

    @Test
    void namesKeyStoreWhenTheFileIsMissing() throws Exception {
        choose("", false, new KeySettings(folder.resolve("missing.p12").toString(), "", ""));
        assertSevere("fix the setting keyStore");
    }

    @Test
    void namesKeyStoreWhenTheFileIsNoKeyStore() throws Exception {
        Path text = java.nio.file.Files.writeString(folder.resolve("key.pem"), "not a store");
        choose("", false, new KeySettings(text.toString(), "", ""));
        assertSevere("fix the setting keyStore");
    }

    @Test
    void keepsStarttlsToAnswer452WhenTlsIsRequiredAndTheKeyIsBroken() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "s1as", "right-one");
        ListenerTls tls = choose("starttls", true, new KeySettings(store.toString(), "wrong",
                ""));
        assertEquals(TlsMode.STARTTLS, tls.mode());
        assertSevere("fix the setting keyStorePassword");
    }

    @Test
    void failsTheActivationWhenImplicitTlsHasNoKey() {
        InvalidPropertyException failure = assertThrows(InvalidPropertyException.class,
                () -> choose("implicit", false, serversKey()));
        assertTrue(failure.getMessage().contains("the server has no key store"),
                failure::getMessage);
    }

    @Test
    void refusesAnUnknownMode() {
        InvalidPropertyException failure = assertThrows(InvalidPropertyException.class,
                () -> choose("ssl", false, serversKey()));
        assertEquals("tlsMode must be none, starttls or implicit, was ssl",
                failure.getMessage());
    }

    private void assertSevere(String end) {
        assertEquals(1, severe.size(), () -> "SEVERE lines: " + severe.size());
        String message = severe.get(0).getMessage();
        assertTrue(message.startsWith("SMTP listener TestBean: TLS is not available, "),
                message);
        assertTrue(message.contains(end + ". Until then STARTTLS answers 452"), message);
    }
}
