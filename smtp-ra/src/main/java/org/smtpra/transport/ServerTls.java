package org.smtpra.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of TLS for a listener: one key and certificate chain from a key store,
 * JSSE as the provider, and the JDK's own default protocols and cipher suites with TLS 1.2 as
 * the floor, so that the JDK's security updates and the {@code jdk.tls.disabledAlgorithms}
 * policy apply without a change here.
 */
public final class ServerTls {

    /** Protocols older than TLS 1.2 are refused (RFC 8996 deprecates TLS 1.0 and 1.1). */
    private static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext context;
    private final String description;

    /**
     * A key that is configured but could not be loaded: STARTTLS then gets "452 ... failed
     * to initialize TLS" (it must be told, and told it is temporary) rather than vanishing
     * from the EHLO reply.
     *
     * @param reason what is wrong, for the log line of each refused STARTTLS
     */
    public static ServerTls unavailable(String reason) {
        return new ServerTls(null, "no usable key: " + reason);
    }

    private ServerTls(SslContext context, String description) {
        this.context = context;
        this.description = description;
    }

    /**
     * Loads the key with this alias from a key store file (PKCS12 or JKS, told apart by the
     * JDK).
     *
     * @param file the key store
     * @param password the store's password, which must also be the key's
     * @param alias the key entry to serve, for example {@code s1as} in Payara's store
     * @throws GeneralSecurityException when the store has no such key or cannot be opened
     */
    public static ServerTls fromKeyStore(Path file, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.toFile(), password);
        if (!store.isKeyEntry(alias)) {
            throw new GeneralSecurityException("key store " + file + " has no key named '"
                    + alias + "'");
        }
        return fromKeyStore(store, password, alias, file);
    }

    /**
     * The same from a store already opened, which has a key entry with this alias.
     *
     * @param file where the store was read, for the description
     * @throws GeneralSecurityException when the entry is not a private key with its chain,
     *         or the password does not open it
     */
    public static ServerTls fromKeyStore(KeyStore store, char[] password, String alias,
            Path file) throws IOException, GeneralSecurityException {
        return new ServerTls(context(onlyEntry(store, password, alias), password),
                alias + " from " + file);
    }

    /** A new handler for one connection. */
    SslHandler newHandler(ByteBufAllocator allocator) {
        if (context == null) {
            throw new IllegalStateException(description);
        }
        return context.newHandler(allocator);
    }

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

    private static SslContext context(KeyStore keys, char[] password)
            throws GeneralSecurityException {
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext jsse = SSLContext.getInstance("TLS");
        jsse.init(factory.getKeyManagers(), null, null);
        String[] protocols = Arrays.stream(jsse.getDefaultSSLParameters().getProtocols())
                .filter(ALLOWED_PROTOCOLS::contains)
                .toArray(String[]::new);
        List<String> ciphers = List.of(jsse.getDefaultSSLParameters().getCipherSuites());
        return new JdkSslContext(jsse, false, ciphers, IdentityCipherSuiteFilter.INSTANCE, null,
                ClientAuth.NONE, protocols, false);
    }
}
