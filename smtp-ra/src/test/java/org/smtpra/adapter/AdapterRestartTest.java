package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What decides, at a restart for a changed setting, which listeners stay open; and that
 * none of it does anything outside Payara. The restart itself runs on the real Payara
 * Server in payara/ (StandaloneLayoutIT).
 */
class AdapterRestartTest {

    @Test
    void aListenersSettingsAreItsSpecsOverTheAdapters() {
        SmtpActivationSpec spec = spec();
        Map<String, Object> before = AdapterRestart.settings(spec, new SmtpResourceAdapter());

        assertEquals(2525, before.get("port"));
        assertEquals("example.com", before.get("localDomains"));
        assertEquals(10_485_760L, before.get("maxMessageSize"));
    }

    @Test
    void aChangeOfASettingTheSpecOverridesLeavesTheListenerAsItIs() {
        SmtpActivationSpec spec = spec();
        SmtpResourceAdapter changed = new SmtpResourceAdapter();
        changed.setLocalDomains("example.net");

        assertEquals(AdapterRestart.settings(spec, new SmtpResourceAdapter()),
                AdapterRestart.settings(spec, changed));
    }

    @Test
    void aChangeOfAnInheritedSettingChangesTheListener() {
        SmtpActivationSpec spec = spec();
        SmtpResourceAdapter changed = new SmtpResourceAdapter();
        changed.setMaxMessageSize(2_000_000L);

        assertNotEquals(AdapterRestart.settings(spec, new SmtpResourceAdapter()),
                AdapterRestart.settings(spec, changed));
    }

    @Test
    void settingsThatCannotBeMergedNeverMatch() {
        SmtpResourceAdapter cleared = new SmtpResourceAdapter();
        cleared.setMaxMessageSize(null);

        assertTrue(AdapterRestart.settings(spec(), cleared).containsKey("invalid"));
    }

    @Test
    void aHandOverIsTakenOnce() {
        AdapterRestart.Handover handover = new AdapterRestart.Handover(List.of(), null, 2,
                Set.of());
        AdapterRestart.offer(handover, idleWorkManager());

        assertSame(handover, AdapterRestart.take());
        assertNull(AdapterRestart.take());
    }

    @Test
    void outsidePayaraNothingLooksLikeARestart() {
        SmtpResourceAdapter adapter = new SmtpResourceAdapter();

        assertFalse(PayaraRuntime.deactivatingForAdapterStop());
        assertFalse(PayaraRuntime.restartUnderway());
        assertTrue(PayaraRuntime.moduleName(adapter).isEmpty());
        assertTrue(PayaraRuntime.endpointRecords(adapter).isEmpty());
    }

    /** A WorkManager that takes work and never runs it: the expiry does not matter here. */
    private static WorkManager idleWorkManager() {
        return (WorkManager) Proxy.newProxyInstance(WorkManager.class.getClassLoader(),
                new Class<?>[] {WorkManager.class}, (proxy, method, args) -> null);
    }

    private static SmtpActivationSpec spec() {
        SmtpActivationSpec spec = new SmtpActivationSpec();
        spec.setPort(2525);
        spec.setLocalDomains("example.com");
        return spec;
    }
}
