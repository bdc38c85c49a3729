package org.smtpra.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * One private key with its certificate chain, read from a key store once and then served by
 * any number of listeners, each with a TLS context of its own ({@link ServerTls#serving}):
 * reading it is what costs, as a PKCS12 store derives a key of ten thousand rounds to open
 * its integrity check, its certificates and the key itself.
 */
public final class ServerKey {

    private final KeyManager[] managers;
    private final String description;

    private ServerKey(KeyManager[] managers, String description) {
        this.managers = managers;
        this.description = description;
    }

    /**
     * The key with this alias from a store already opened, which has a key entry by that
     * name.
     *
     * @param password the store's password, which must also be the key's
     * @param file where the store was read, for the description
     * @throws GeneralSecurityException when the entry is not a private key with its chain,
     *         or the password does not open it
     */
    public static ServerKey fromKeyStore(KeyStore store, char[] password, String alias,
            Path file) throws IOException, GeneralSecurityException {
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(onlyEntry(store, password, alias), password);
        return new ServerKey(factory.getKeyManagers(), alias + " from " + file);
    }

    /** The key managers, which serve this key only and are safe to share between contexts. */
    KeyManager[] managers() {
        return managers.clone();
    }

    /** The alias and the file it came from. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * A store with just the one key, so that the key manager can serve no other. It lives in
     * memory only, beside the key it holds, so its entry is sealed with a single round of
     * the key derivation: the JDK's default of ten thousand rounds, once to seal and once
     * more when the key manager opens it, cost a listener's activation tens of milliseconds
     * (up to a hundred on a cold JVM) and protected nothing.
     */
    private static KeyStore onlyEntry(KeyStore store, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore single = KeyStore.getInstance("PKCS12");
        single.load(null, null);
        Certificate[] chain = store.getCertificateChain(alias);
        if (!(store.getKey(alias, password) instanceof PrivateKey key) || chain == null) {
            throw new GeneralSecurityException("'" + alias + "' is not a private key with "
                    + "its certificate");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        KeyStore.ProtectionParameter inMemory = new KeyStore.PasswordProtection(password,
                "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1));
        single.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain), inMemory);
        return single;
    }
}
