package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up does ahead what the first activation needs, once: the activation finds the
 * adapter-wide key read, or reads it itself when the warm-up did not get to it.
 */
class WarmUpTest {

    @TempDir
    Path folder;

    private final FakeContainer workManager = new FakeContainer(Map.of());
    private final SmtpResourceAdapter adapter = new SmtpResourceAdapter();
    private final LoadedKeys loadedKeys = new LoadedKeys();

    @BeforeEach
    void adapterWideKey() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("keys.p12"), "mx", "right-one");
        adapter.setKeyStore(store.toString());
        adapter.setKeyStorePassword("right-one");
        adapter.setKeyAlias("mx");
    }

    @Test
    void readsTheAdapterWideKeyAhead() {
        WarmUp.start(workManager, adapter, loadedKeys);
        assertEquals(1, loadedKeys.size());
    }

    @Test
    void leavesEverythingToTheActivationsWhenTheWorkManagerRefuses() {
        workManager.rejectWork();
        WarmUp.start(workManager, adapter, loadedKeys);
        assertEquals(0, loadedKeys.size());
    }

    @Test
    void doesNothingMoreOnceTheAdapterStops() throws Exception {
        workManager.holdWork();
        WarmUp warmUp = WarmUp.start(workManager, adapter, loadedKeys);
        warmUp.stop();
        workManager.runHeldWork();
        assertEquals(0, loadedKeys.size());
    }

    @Test
    void readsNoKeyWhenTheListenersOfferNoTlsUnlessToldSo() {
        adapter.setTlsMode(" None ");
        WarmUp.start(workManager, adapter, loadedKeys);
        assertEquals(0, loadedKeys.size());
    }

    @Test
    void leavesAKeyThatCannotBeReadToTheListenersToReport() {
        adapter.setKeyStorePassword("wrong");
        WarmUp.start(workManager, adapter, loadedKeys);
        assertEquals(0, loadedKeys.size());
    }
}
