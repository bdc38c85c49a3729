package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.smtpra.api.SessionInfo;
import org.smtpra.protocol.Authenticator.Verdict;

/** AUTH credentials go to the realm through security inflow, and the password is cleared. */
class RealmAuthenticatorTest {

    private static final SessionInfo SESSION = new SessionInfo("s1",
            new InetSocketAddress("192.0.2.7", 40000), new InetSocketAddress("127.0.0.1", 2587),
            "client.example.org", true, true, null);

    private final FakeContainer container = new FakeContainer(Map.of("alice", "s3cret"));
    private final RealmAuthenticator authenticator =
            new RealmAuthenticator("SubmissionBean", container);

    private CompletableFuture<Verdict> check(String user, char[] password) {
        return authenticator.authenticate(SESSION, user, password).toCompletableFuture();
    }

    @Test
    void acceptsTheRightPasswordThenRunsAsTheUser() throws Exception {
        assertEquals(Verdict.VALID, check("alice", "s3cret".toCharArray()).get());
        assertEquals(List.of("validate alice", "caller alice"), container.callbacks);
    }

    @Test
    void refusesAWrongPasswordWithoutNamingACaller() throws Exception {
        assertEquals(Verdict.INVALID, check("alice", "guess".toCharArray()).get());
        assertEquals(List.of("validate alice"), container.callbacks);
    }

    @Test
    void refusesAnUnknownUser() throws Exception {
        assertEquals(Verdict.INVALID, check("mallory", "s3cret".toCharArray()).get());
    }

    @Test
    void clearsThePasswordOnceTheRealmHasAnswered() throws Exception {
        char[] password = "s3cret".toCharArray();
        check("alice", password).get();
        assertArrayEquals(new char[6], password);
    }

    @Test
    void failsWhenTheServerCannotCheckPasswords() {
        container.refusePasswordChecks();
        char[] password = "s3cret".toCharArray();
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> check("alice", password).get());
        assertInstanceOf(IllegalStateException.class, failure.getCause().getCause());
        assertArrayEquals(new char[6], password);
        assertEquals(List.of(), container.callbacks);
    }

    @Test
    void failsAndClearsThePasswordWhenTheWorkIsRejected() {
        container.rejectWork();
        char[] password = "s3cret".toCharArray();
        assertThrows(ExecutionException.class, () -> check("alice", password).get());
        assertArrayEquals(new char[6], password);
    }
}
