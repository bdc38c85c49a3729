package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.transport.SmtpTransport;

/**
 * The warm-up does ahead what the first activation needs, once: the activation takes the
 * transport it made and finds the adapter-wide key read, or does either itself when the
 * warm-up did not get to it.
 */
class WarmUpTest {

    @TempDir
    Path folder;

    private final FakeContainer workManager = new FakeContainer(Map.of());
    private final SmtpResourceAdapter adapter = new SmtpResourceAdapter();
    private final LoadedKeys loadedKeys = new LoadedKeys();
    private final List<SmtpTransport> made = new ArrayList<>();
    private final Supplier<SmtpTransport> transports = () -> {
        SmtpTransport transport = new SmtpTransport(1, task -> new Thread(task).start());
        made.add(transport);
        return transport;
    };

    @BeforeEach
    void adapterWideKey() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("keys.p12"), "mx", "right-one");
        adapter.setKeyStore(store.toString());
        adapter.setKeyStorePassword("right-one");
        adapter.setKeyAlias("mx");
    }

    @AfterEach
    void closeTransports() {
        made.forEach(SmtpTransport::close);
    }

    @Test
    void makesTheTransportAndReadsTheAdapterWideKeyAhead() {
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertEquals(1, made.size());
        assertSame(made.get(0), warmUp.takeTransport());
        assertEquals(1, loadedKeys.size());
    }

    @Test
    void handsItsTransportOutOnce() {
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        warmUp.takeTransport();
        assertNull(warmUp.takeTransport());
    }

    @Test
    void leavesTheTransportToAnActivationThatComesFirst() throws Exception {
        workManager.holdWork();
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertNull(warmUp.takeTransport());
        workManager.runHeldWork();
        assertEquals(List.of(), made);
        assertEquals(1, loadedKeys.size());
    }

    @Test
    void leavesEverythingToTheActivationsWhenTheWorkManagerRefuses() {
        workManager.rejectWork();
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertNull(warmUp.takeTransport());
        assertEquals(List.of(), made);
        assertEquals(0, loadedKeys.size());
    }

    @Test
    void doesNothingMoreOnceTheAdapterStops() throws Exception {
        workManager.holdWork();
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        warmUp.stop();
        workManager.runHeldWork();
        assertEquals(List.of(), made);
        assertEquals(0, loadedKeys.size());
    }

    @Test
    void readsNoKeyWhenTheListenersOfferNoTlsUnlessToldSo() {
        adapter.setTlsMode(" None ");
        WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertEquals(0, loadedKeys.size());
        assertEquals(1, made.size());
    }

    @Test
    void leavesSettingsThatDoNotParseToTheListenersToReport() {
        adapter.setRelayNetworks("192.0.2.0/33");
        adapter.setAuthMechanisms("CRAM-MD5");
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertSame(made.get(0), warmUp.takeTransport());
        assertEquals(1, loadedKeys.size());
    }

    @Test
    void leavesAKeyThatCannotBeReadToTheListenersToReport() {
        adapter.setKeyStorePassword("wrong");
        WarmUp warmUp = WarmUp.start(workManager, transports, adapter, loadedKeys);
        assertEquals(0, loadedKeys.size());
        assertSame(made.get(0), warmUp.takeTransport());
    }
}
