package org.smtpra.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key stores for tests, made by the JDK's keytool as an administrator would make them. A run
 * of keytool takes half a second, so each kind of store is made once and copied.
 */
final class KeyStores {

    private static final Map<String, Path> MADE = new ConcurrentHashMap<>();

    private KeyStores() {
    }

    /**
     * A store with one self-signed EC key.
     *
     * @param file where to write it; .jks makes a JKS store, anything else PKCS12
     */
    static Path withKey(Path file, String alias, String password)
            throws IOException, InterruptedException {
        String type = file.toString().endsWith(".jks") ? "JKS" : "PKCS12";
        Path made = MADE.get(type + " " + alias + " " + password);
        if (made == null) {
            made = make(type, alias, password);
            MADE.put(type + " " + alias + " " + password, made);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.copy(made, file);
    }

    private static Path make(String type, String alias, String password)
            throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("keys");
        Path file = folder.resolve("store");
        // Deleted at exit in the reverse order: the file, then its folder.
        folder.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", type, "-keystore", file.toString(),
                "-storepass", password, "-keypass", password));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return file;
    }
}
