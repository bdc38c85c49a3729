package org.smtpra.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.smtpra.transport.ServerKey;
import org.smtpra.transport.ServerTls;

/**
 * Where a listener's TLS key comes from. A setting left empty takes the application server's
 * own key, the one its HTTPS listener serves, so that TLS works on a fresh server without
 * set-up:
 * <ol>
 *   <li>the key store: the system property {@code javax.net.ssl.keyStore}, which a Payara
 *       domain sets in its JVM options to {@code ${com.sun.aas.instanceRoot}/config/
 *       keystore.p12}; else that file itself, which embedded Payara copies into its
 *       temporary instance root without setting the property; else {@code keystore.jks}
 *       there, the name in domains of older servers;</li>
 *   <li>the password: the system property {@code javax.net.ssl.keyStorePassword}, which
 *       Payara sets to its master password, else {@code changeit}, the master password a
 *       domain has until an administrator changes it;</li>
 *   <li>the alias: {@code s1as}, the certificate every Payara domain has.</li>
 * </ol>
 *
 * @param keyStore the keyStore setting, or blank for the server's
 * @param password the keyStorePassword setting, or blank for the server's
 * @param alias the keyAlias setting, or blank for {@code s1as}
 */
record KeySettings(String keyStore, String password, String alias) {

    /** The certificate alias of Payara (and GlassFish) domains. */
    static final String SERVER_ALIAS = "s1as";

    /** The master password of a Payara domain until it is changed. */
    static final String SERVER_PASSWORD = "changeit";

    /** Why a key cannot be served, and the setting to fix. */
    static final class KeyProblem extends Exception {
        private final String setting;

        KeyProblem(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        KeyProblem(String setting, String message, Throwable cause) {
            super(message, cause);
            this.setting = setting;
        }

        /** The name of the setting that would fix it. */
        String setting() {
            return setting;
        }
    }

    /** The key store file: the configured one, else the server's if it has one. */
    Optional<Path> file() {
        if (!ListenerSettings.isBlank(keyStore)) {
            return Optional.of(Path.of(keyStore.trim()));
        }
        return serverKeyStore();
    }

    /** Without the password, which the generated form would show. */
    @Override
    public String toString() {
        return "KeySettings[keyStore=" + keyStore + ", keyAlias=" + alias + "]";
    }

    /** A description for logs, never with the password. */
    String describe(Path file) {
        return "key '" + effectiveAlias() + "' of " + file;
    }

    /**
     * Serves the key of {@code file}, which {@link #file()} returned, with a TLS context of
     * the listener's own; the key is read from the file unless it was read before.
     *
     * @param loaded the keys this run of the adapter has read
     * @throws KeyProblem naming the setting to fix
     */
    ServerTls load(Path file, LoadedKeys loaded) throws KeyProblem {
        ServerKey key = loaded.key(this, file);
        try {
            return ServerTls.serving(key);
        } catch (GeneralSecurityException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads the key from {@code file}.
     *
     * @throws KeyProblem naming the setting to fix
     */
    ServerKey read(Path file) throws KeyProblem {
        char[] secret = effectivePassword().toCharArray();
        try {
            // Opened once: each opening of a PKCS12 store derives its keys anew, ten thousand
            // rounds for its integrity check and as many for its certificates.
            KeyStore store = open(file, secret);
            return ServerKey.fromKeyStore(store, secret, effectiveAlias(), file);
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable(file, e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** The store opened and has the key, so the key's own password differs. */
    private KeyProblem unreadable(Path file, Exception e) {
        return new KeyProblem("keyStorePassword", "the " + describe(file)
                + " cannot be read with the store's password: " + e.getMessage(), e);
    }

    /** Opens the store and finds the key, naming the one setting that is wrong if not. */
    private KeyStore open(Path file, char[] secret) throws KeyProblem {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new KeyProblem("keyStore", "there is no readable key store at " + file);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.toFile(), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyProblem("keyStorePassword", "the password does not open the "
                        + "key store " + file, e);
            }
            throw new KeyProblem("keyStore", file + " cannot be read as a key store: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyProblem("keyStore", file + " is not a PKCS12 or JKS key store: "
                    + e.getMessage(), e);
        }
        if (!isKey(store, effectiveAlias())) {
            throw new KeyProblem("keyAlias", file + " has no key named '" + effectiveAlias()
                    + "'; its keys: " + keyAliases(store));
        }
        return store;
    }

    /** The password in effect, the setting's or the server's. */
    String effectivePassword() {
        if (!ListenerSettings.isBlank(password)) {
            return password;
        }
        return System.getProperty("javax.net.ssl.keyStorePassword", SERVER_PASSWORD);
    }

    /** The alias in effect, the setting's or {@code s1as}. */
    String effectiveAlias() {
        return ListenerSettings.isBlank(alias) ? SERVER_ALIAS : alias.trim();
    }

    /** The server's key store, found as the class comment describes. */
    static Optional<Path> serverKeyStore() {
        String property = System.getProperty("javax.net.ssl.keyStore");
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property));
        }
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
        if (instanceRoot == null) {
            return Optional.empty();
        }
        Path config = Path.of(instanceRoot, "config");
        return List.of(config.resolve("keystore.p12"), config.resolve("keystore.jks")).stream()
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }

    private static List<String> keyAliases(KeyStore store) {
        List<String> keys = new ArrayList<>();
        try {
            for (String name : Collections.list(store.aliases())) {
                if (store.isKeyEntry(name)) {
                    keys.add(name);
                }
            }
        } catch (KeyStoreException e) {
            // A loaded store does not throw here; an empty list is an honest answer.
        }
        return keys;
    }
}
