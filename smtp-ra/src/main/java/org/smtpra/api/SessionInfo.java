package org.smtpra.api;

import java.net.InetSocketAddress;

/**
 * What is known of an SMTP session at the moment a listener is asked: who the client is and
 * how it introduced itself. An immutable snapshot.
 *
 * @param sessionId a short id unique in this server's run, the one in every log line
 * @param client the client's address and port
 * @param server the local address and port the client connected to
 * @param heloName the domain from HELO or EHLO, or null before the client sent one
 * @param extended true when the client greeted with EHLO (extended SMTP)
 * @param secure true when the session runs over TLS
 * @param user the authenticated user name, or null for an unauthenticated session
 */
public record SessionInfo(String sessionId, InetSocketAddress client, InetSocketAddress server,
        String heloName, boolean extended, boolean secure, String user) {

    /** The same session after a HELO or EHLO with this domain. */
    public SessionInfo withHelo(String name, boolean ehlo) {
        return new SessionInfo(sessionId, client, server, name, ehlo, secure, user);
    }

    /**
     * The same session once TLS is established: RFC 3207 section 4.2 has the server forget
     * what the client said before, so the HELO name and any authentication are gone.
     */
    public SessionInfo withTls() {
        return new SessionInfo(sessionId, client, server, null, false, true, null);
    }

    /** The same session after a successful AUTH as this user. */
    public SessionInfo withUser(String name) {
        return new SessionInfo(sessionId, client, server, heloName, extended, secure, name);
    }

    /** The client's IP address as text, such as {@code 192.0.2.7} or {@code 2001:db8::1}. */
    public String clientIp() {
        return client.getAddress().getHostAddress();
    }
}
