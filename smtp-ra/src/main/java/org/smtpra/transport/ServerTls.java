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
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
        return serving(ServerKey.fromKeyStore(store, password, alias, file));
    }

    /**
     * TLS with this key, in a JSSE context of the listener's own: listeners that serve the
     * same key share no TLS session between them.
     *
     * @throws GeneralSecurityException when JSSE cannot make a context
     */
    public static ServerTls serving(ServerKey key) throws GeneralSecurityException {
        return new ServerTls(context(key), key.toString());
    }

    /**
     * Initializes JSSE and Netty's TLS classes, as the first listener with TLS would
     * otherwise: Netty makes a default JSSE context when its class initializes, which sets
     * up the providers and cipher suites and reads the default trust store.
     */
    public static void warmUp() {
        try {
            Class.forName(JdkSslContext.class.getName(), true, ServerTls.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Netty's TLS classes are missing", e);
        }
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

    private static SslContext context(ServerKey key) throws GeneralSecurityException {
        SSLContext jsse = SSLContext.getInstance("TLS");
        jsse.init(key.managers(), null, null);
        SSLParameters defaults = jsse.getDefaultSSLParameters();
        String[] protocols = Arrays.stream(defaults.getProtocols())
                .filter(ALLOWED_PROTOCOLS::contains)
                .toArray(String[]::new);
        List<String> ciphers = List.of(defaults.getCipherSuites());
        return new JdkSslContext(jsse, false, ciphers, IdentityCipherSuiteFilter.INSTANCE, null,
                ClientAuth.NONE, protocols, false);
    }
}
