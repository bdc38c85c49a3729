package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/** STARTTLS (RFC 3207) and AUTH (RFC 4954) as the engine runs them. */
class TlsAndAuthTest {

    static final String OK = "250 2.0.0 Ok\r\n";
    static final String READY = "220 2.0.0 Ready to start TLS\r\n";
    static final String AUTH_OK = "235 2.7.0 Authentification OK, go ahead\r\n";
    static final String SECRET = "s3cret-Pa55";

    /** Knows one user, alice, with {@link #SECRET}; "realm-down" makes the realm fail. */
    static final Authenticator REALM = (session, user, password) -> {
        if (user.equals("realm-down")) {
            return CompletableFuture.failedFuture(new IllegalStateException("realm down"));
        }
        boolean valid = user.equals("alice") && new String(password).equals(SECRET);
        return CompletableFuture.completedFuture(valid ? Authenticator.Verdict.VALID
                : Authenticator.Verdict.INVALID);
    };

    /** Records what the listener saw of the user; refuses "old" with 432. */
    static final class Watcher implements SmtpListener {
        final List<String> users = new ArrayList<>();

        @Override
        public Decision onAuthenticated(SessionInfo session) {
            users.add("auth:" + session.user());
            return "old".equals(session.user())
                    ? Decision.reject(Reply.PASSWORD_TRANSITION_NEEDED) : Decision.accept();
        }

        @Override
        public Decision onMailFrom(Envelope envelope) {
            users.add("mail:" + envelope.session().user());
            return Decision.accept();
        }

        @Override
        public Decision onMessage(Mail mail) {
            return Decision.accept();
        }
    }

    private final Watcher watcher = new Watcher();

    private static SessionConfig.Builder submission() {
        return TestSession.config().tlsMode(TlsMode.STARTTLS)
                .authMechanisms(Set.of("PLAIN", "LOGIN"));
    }

    private TestSession session(SessionConfig config) {
        TestSession client = new TestSession(config, watcher, "192.0.2.10", REALM);
        client.start();
        return client;
    }

    /** Greeted, upgraded to TLS and greeted again. */
    private TestSession secured(SessionConfig config) {
        TestSession client = session(config);
        client.send("EHLO c.example.org\r\n");
        assertEquals(READY, client.send("STARTTLS\r\n"));
        assertEquals("", client.completeHandshake());
        assertTrue(client.send("EHLO c.example.org\r\n").contains("250 AUTH "));
        return client;
    }

    private static String plain(String authzid, String user, String password) {
        String message = authzid + "\0" + user + "\0" + password;
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void offersStarttlsButNotAuthInClear() {
        TestSession client = session(submission().build());
        String ehlo = client.send("EHLO c.example.org\r\n");
        assertTrue(ehlo.endsWith("250 STARTTLS\r\n"), ehlo);
        assertFalse(ehlo.contains("AUTH"), ehlo);
        assertEquals("538 5.7.11 Encryption required for requested authentication mechanism\r\n",
                client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n"));
    }

    @Test
    void refusesStarttlsWhereNotOffered() {
        TestSession client = session(TestSession.config().build());
        assertFalse(client.send("EHLO c.example.org\r\n").contains("STARTTLS"));
        assertEquals("502 5.5.1 Command not implemented\r\n", client.send("STARTTLS\r\n"));
    }

    @Test
    void dropsCommandsSentInClearWithStarttls() {
        TestSession client = session(submission().build());
        client.send("EHLO c.example.org\r\n");
        assertEquals(READY, client.send("STARTTLS\r\nRSET\r\nMAIL FROM:<a@x.org>\r\n"));
        assertEquals("", client.completeHandshake());
        assertEquals("503 5.5.1 Bad sequence of commands\r\n",
                client.send("MAIL FROM:<a@x.org>\r\n"));
    }

    @Test
    void forgetsTheGreetingAfterTlsAndRefusesASecondStarttls() {
        TestSession client = secured(submission().build());
        String ehlo = client.send("EHLO c.example.org\r\n");
        assertFalse(ehlo.contains("STARTTLS"), ehlo);
        assertEquals("503 5.5.1 Bad sequence of commands\r\n", client.send("STARTTLS\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("STARTTLS now\r\n"));
    }

    @Test
    void answers452WhenTlsCannotBeSetUp() {
        TestSession client = session(submission().build());
        client.refuseTls(Reply.TLS_INITIALIZATION_FAILED);
        client.send("EHLO c.example.org\r\n");
        assertEquals("452 4.7.0 Temporary internal failure - failed to initialize TLS\r\n",
                client.send("STARTTLS\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
        client.refuseTls(Reply.TLS_NOT_AVAILABLE);
        assertEquals("454 4.7.0 TLS not available due to temporary reason\r\n",
                client.send("STARTTLS\r\n"));
    }

    @Test
    void requiresTlsBeforeMailWhenConfigured() {
        TestSession client = session(submission().requireTls(true).build());
        client.send("EHLO c.example.org\r\n");
        assertEquals("550 5.7.0 Must issue a STARTTLS command first\r\n",
                client.send("MAIL FROM:<a@x.org>\r\n"));
        assertEquals("550 5.7.0 Must issue a STARTTLS command first\r\n",
                client.send("RCPT TO:<b@example.com>\r\n"));
    }

    @Test
    void authenticatesWithPlainAndAnInitialResponse() {
        TestSession client = secured(submission().build());
        assertEquals(AUTH_OK, client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<alice@example.com>\r\n"));
        assertEquals(List.of("auth:alice", "mail:alice"), watcher.users);
    }

    @Test
    void authenticatesWithPlainAfterAChallenge() {
        TestSession client = secured(submission().build());
        assertEquals("334 OK, go on\r\n", client.send("AUTH PLAIN\r\n"));
        assertEquals(AUTH_OK, client.send(plain("alice", "alice", SECRET) + "\r\n"));
    }

    @Test
    void authenticatesWithLogin() {
        TestSession client = secured(submission().build());
        assertEquals("334 VXNlcm5hbWU6\r\n", client.send("auth login\r\n"));
        assertEquals("334 UGFzc3dvcmQ6\r\n", client.send(b64("alice") + "\r\n"));
        assertEquals(AUTH_OK, client.send(b64(SECRET) + "\r\n"));
        assertEquals("503 5.5.1 Bad sequence of commands\r\n", client.send("AUTH LOGIN\r\n"));
    }

    @Test
    void authenticatesWithLoginAndAnInitialResponse() {
        TestSession client = secured(submission().build());
        assertEquals("334 UGFzc3dvcmQ6\r\n", client.send("AUTH LOGIN " + b64("alice") + "\r\n"));
        assertEquals(AUTH_OK, client.send(b64(SECRET) + "\r\n"));
    }

    @Test
    void cancelsOnAStar() {
        TestSession client = secured(submission().build());
        client.send("AUTH LOGIN\r\n");
        assertEquals("501 5.7.0 Remote abort the authentication\r\n", client.send("*\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void refusesResponsesThatAreNotBase64() {
        TestSession client = secured(submission().build());
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("AUTH PLAIN not*base64\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("AUTH PLAIN " + b64("no nul at all") + "\r\n"));
        // "\0demo\0x" without its padding: base64 must come in whole groups of four.
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("AUTH PLAIN AGRlbW8AeA\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters or arguments\r\n",
                client.send("AUTH PLAIN AGRlbW8AeA=\r\n"));
    }

    @Test
    void refusesUnknownForbiddenAndMisplacedMechanisms() {
        TestSession client = secured(submission().authMechanisms(Set.of("PLAIN")).build());
        assertEquals("504 5.5.4 Unrecognized authentication type\r\n",
                client.send("AUTH CRAM-MD5\r\n"));
        assertEquals("534 5.7.9 Authentication mechanism is too weak\r\n",
                client.send("AUTH LOGIN\r\n"));
        client.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("503 5.5.1 Bad sequence of commands\r\n", client.send("AUTH PLAIN\r\n"));
    }

    @Test
    void refusesAuthBeforeEhlo() {
        TestSession client = session(submission().allowPlaintextAuth(true).build());
        client.send("HELO c.example.org\r\n");
        assertEquals("503 5.5.1 Bad sequence of commands\r\n", client.send("AUTH PLAIN\r\n"));
    }

    @Test
    void answersWrongPasswordsWith535ThenCloses() {
        TestSession client = secured(submission().maxAuthFailures(3).build());
        String wrong = "AUTH PLAIN " + plain("", "alice", "guess") + "\r\n";
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n", client.send(wrong));
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n", client.send(wrong));
        assertEquals("554 5.7.0 Authentication has failed too many times\r\n",
                client.send(wrong));
        assertTrue(client.isClosed());
    }

    /** The pause bounds guesses per second over any number of connections. */
    @Test
    void answersAWrongPasswordOnlyAfterThePause() {
        TestSession client = secured(submission().authFailureDelay(Duration.ofSeconds(1))
                .build());
        String wrong = "AUTH PLAIN " + plain("", "alice", "guess") + "\r\n";
        assertEquals("", client.send(wrong));
        assertEquals("", client.advance(Duration.ofMillis(999)));
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n",
                client.advance(Duration.ofMillis(1)));
        assertEquals("235 2.7.0 Authentification OK, go ahead\r\n",
                client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n"));
    }

    @Test
    void refusesActingForSomeoneElse() {
        TestSession client = secured(submission().build());
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n",
                client.send("AUTH PLAIN " + plain("bob", "alice", SECRET) + "\r\n"));
    }

    @Test
    void answers554WhenTheRealmCannotBeAsked() {
        TestSession client = secured(submission().build());
        assertEquals("554 5.7.0 Temporary authentication failure\r\n",
                client.send("AUTH PLAIN " + plain("", "realm-down", "x") + "\r\n"));
        assertEquals(OK, client.send("NOOP\r\n"));
    }

    @Test
    void letsTheListenerRefuseAnAuthenticatedUser() {
        Authenticator everyone = (s, u, p) -> CompletableFuture.completedFuture(
                Authenticator.Verdict.VALID);
        TestSession client = new TestSession(submission().allowPlaintextAuth(true).build(),
                watcher, "192.0.2.10", everyone);
        client.start();
        client.send("EHLO c.example.org\r\n");
        assertEquals("432 4.7.12 A password transition is needed\r\n",
                client.send("AUTH PLAIN " + plain("", "old", "x") + "\r\n"));
        assertEquals(OK, client.send("MAIL FROM:<a@x.org>\r\n"));
        assertEquals(List.of("auth:old", "mail:null"), watcher.users);
    }

    @Test
    void requiresAuthenticationBeforeMailForSubmission() {
        TestSession client = secured(submission().requireAuth(true).build());
        assertEquals("530 5.7.0 Authentication required\r\n",
                client.send("MAIL FROM:<alice@example.com>\r\n"));
        client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n");
        assertEquals(OK, client.send("MAIL FROM:<alice@example.com> AUTH=<>\r\n"));
    }

    @Test
    void letsAuthenticatedUsersRelay() {
        TestSession client = secured(submission().build());
        client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n");
        client.send("MAIL FROM:<alice@example.com>\r\n");
        assertEquals(OK, client.send("RCPT TO:<friend@elsewhere.org>\r\n"));
    }

    @Test
    void takesAuthParameterOnlyWhereAuthIsOffered() {
        TestSession client = session(TestSession.config().build());
        client.send("EHLO c.example.org\r\n");
        assertEquals("555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not "
                + "implemented\r\n", client.send("MAIL FROM:<a@x.org> AUTH=<>\r\n"));
    }

    @Test
    void neverLogsCredentials() {
        List<String> logged;
        try (LogCapture log = new LogCapture()) {
            TestSession client = secured(submission().build());
            client.send("AUTH PLAIN " + plain("", "alice", "wrong-" + SECRET) + "\r\n");
            client.send("AUTH LOGIN\r\n" + b64("alice") + "\r\n" + b64(SECRET) + "\r\n");
            // Pipelined responses after an AUTH that is refused arrive as commands.
            client.send("AUTH LOGIN\r\n" + b64("alice") + "\r\n" + b64(SECRET) + "\r\n");
            client.send("AUTH PLAIN " + plain("", "alice", SECRET) + "\r\n");
            logged = log.messages();
        }
        String all = String.join("\n", logged);
        assertFalse(all.isEmpty());
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains(plain("", "alice", SECRET)), all);
        assertFalse(all.contains(b64(SECRET)), all);
    }
}
