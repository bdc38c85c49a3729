package org.smtpra.it;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate embedded Payara starts with: s1as in the key store that the server jar
 * carries and copies into each instance it runs, which the listeners serve when no key is
 * configured. Tests trust it and nothing else, so that a handshake that succeeds proves which
 * key the server used.
 */
final class ServerKey {

    private ServerKey() {
    }

    /** The s1as certificate of the embedded server. */
    static Certificate certificate() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream store = ServerKey.class.getResourceAsStream("/config/keystore.p12")) {
            keys.load(store, "changeit".toCharArray());
        }
        return keys.getCertificate("s1as");
    }

    /** A client context that trusts the s1as certificate only. */
    static SSLContext trusted() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("s1as", certificate());
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
