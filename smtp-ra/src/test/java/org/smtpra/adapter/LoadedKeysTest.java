package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpra.transport.ServerKey;

/** A key is read once for every listener that serves it, and again when its file changes. */
class LoadedKeysTest {

    @TempDir
    Path folder;

    private final LoadedKeys loaded = new LoadedKeys();

    @Test
    void readsAKeyOnceForEveryListenerThatServesIt() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "mx", "right-one");
        ServerKey first = loaded.key(new KeySettings(store.toString(), "right-one", "mx"), store);
        ServerKey second = loaded.key(new KeySettings(" " + store + " ", "right-one", " mx"),
                store);
        assertSame(first, second);
    }

    @Test
    void readsTheKeyAgainWhenItsFileChanges() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "mx", "right-one");
        KeySettings settings = new KeySettings(store.toString(), "right-one", "mx");
        ServerKey before = loaded.key(settings, store);
        Path renewed = KeyStores.withKey(folder.resolve("renewed.p12"), "mx", "right-one");
        Files.move(renewed, store, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(store, FileTime.from(Instant.now().plusSeconds(60)));
        assertNotSame(before, loaded.key(settings, store));
    }

    @Test
    void keepsNoKeyThatCouldNotBeRead() throws Exception {
        Path store = KeyStores.withKey(folder.resolve("mail.p12"), "mx", "right-one");
        KeySettings wrong = new KeySettings(store.toString(), "wrong", "mx");
        for (int attempt = 0; attempt < 2; attempt++) {
            KeySettings.KeyProblem problem = assertThrows(KeySettings.KeyProblem.class,
                    () -> loaded.key(wrong, store));
            assertEquals("keyStorePassword", problem.setting());
        }
    }

    @Test
    void tellsWhyAMissingFileHasNoKey() {
        Path missing = folder.resolve("missing.p12");
        KeySettings.KeyProblem problem = assertThrows(KeySettings.KeyProblem.class,
                () -> loaded.key(new KeySettings(missing.toString(), "", ""), missing));
        assertEquals("keyStore", problem.setting());
    }
}
