package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.TlsMode;

/** The TLS and AUTH settings of a listener: the spec over the adapter, and what is refused. */
class ListenerSettingsTest {

    @TempDir
    Path folder;

    private final SmtpResourceAdapter adapter = new SmtpResourceAdapter();
    private final SmtpActivationSpec spec = new SmtpActivationSpec();

    @BeforeEach
    void keyOfTheirOwn() throws Exception {
        adapter.setServerName("mx.example.com");
        adapter.setLocalDomains("example.com");
        adapter.setSpoolDirectory(folder.resolve("spool").toString());
        Path store = KeyStores.withKey(folder.resolve("keys.p12"), "mx", "right-one");
        adapter.setKeyStore(store.toString());
        adapter.setKeyStorePassword("right-one");
        adapter.setKeyAlias("mx");
    }

    private SessionConfig config() throws InvalidPropertyException {
        return ListenerSettings.of("TestBean", adapter, spec).sessionConfig();
    }

    @Test
    void offersStarttlsAndBothMechanismsByDefault() throws Exception {
        SessionConfig config = config();
        assertEquals(TlsMode.STARTTLS, config.tlsMode());
        assertEquals(Set.of("PLAIN", "LOGIN"), config.authMechanisms());
        assertFalse(config.requireTls());
        assertFalse(config.requireAuth());
        assertFalse(config.allowPlaintextAuth());
        assertEquals(3, config.maxAuthFailures());
    }

    @Test
    void letsTheSpecOverrideEachSetting() throws Exception {
        spec.setTlsMode("implicit");
        spec.setAuthMechanisms("plain");
        spec.setRequireAuth(true);
        spec.setMaxAuthFailures(5);
        SessionConfig config = config();
        assertEquals(TlsMode.IMPLICIT, config.tlsMode());
        assertEquals(Set.of("PLAIN"), config.authMechanisms());
        assertTrue(config.requireAuth());
        assertEquals(5, config.maxAuthFailures());
    }

    @Test
    void turnsAuthOffWithNone() throws Exception {
        spec.setAuthMechanisms("none");
        assertEquals(Set.of(), config().authMechanisms());
    }

    @Test
    void refusesMechanismsTheEngineDoesNotImplement() {
        spec.setAuthMechanisms("PLAIN, CRAM-MD5");
        InvalidPropertyException failure =
                assertThrows(InvalidPropertyException.class, this::config);
        assertEquals("authMechanisms: CRAM-MD5 is not supported; use PLAIN, LOGIN or both, "
                + "or none", failure.getMessage());
    }

    @Test
    void refusesToRequireTlsWithoutTls() {
        spec.setTlsMode("none");
        spec.setRequireTls(true);
        InvalidPropertyException failure =
                assertThrows(InvalidPropertyException.class, this::config);
        assertTrue(failure.getMessage().startsWith("requireTls needs TLS"),
                failure::getMessage);
    }

    @Test
    void refusesToRequireAuthWhereAuthIsNeverOffered() {
        spec.setTlsMode("none");
        spec.setRequireAuth(true);
        assertThrows(InvalidPropertyException.class, this::config);
        spec.setAllowPlaintextAuth(true);
        assertDoesNotThrow(this::config);
    }

    @Test
    void namesInvalidValuesWhenTheSpecIsValidated() {
        spec.setTlsMode("tls");
        spec.setAuthMechanisms("GSSAPI");
        spec.setMaxAuthFailures(0);
        InvalidPropertyException failure =
                assertThrows(InvalidPropertyException.class, spec::validate);
        String message = failure.getMessage();
        assertTrue(message.contains("tlsMode must be none, starttls or implicit, was tls"),
                message);
        assertTrue(message.contains("authMechanisms: GSSAPI is not supported"), message);
        assertTrue(message.contains("maxAuthFailures must be at least 1"), message);
    }

    @Test
    void neverShowsTheKeyStorePassword() {
        spec.setKeyStorePassword("right-one");
        assertFalse(spec.toString().contains("right-one"), spec::toString);
        assertFalse(new KeySettings("a.p12", "right-one", "mx").toString().contains("right"));
    }
}
