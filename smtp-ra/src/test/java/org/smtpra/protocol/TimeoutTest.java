package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command, data and session timeouts, on a clock the test moves by hand. */
class TimeoutTest {

    static final String TIMEOUT = "451 4.3.0 Timeout\r\n";
    static final String OK = "250 2.0.0 Ok\r\n";

    private final TestSession client = new TestSession(TestSession.config().build(),
            new SmtpSessionTest.Mailboxes());

    private static Duration minutes(double value) {
        return Duration.ofMillis((long) (value * 60_000));
    }

    @Test
    void waitsFiveMinutesForACommandThenCloses() {
        client.start();
        assertEquals("", client.advance(minutes(4.9)));
        assertFalse(client.isClosed());
        assertEquals(TIMEOUT, client.advance(minutes(0.2)));
        assertTrue(client.isClosed());
    }

    @Test
    void givesATricklingClientNoMoreTimeThanASilentOne() {
        client.start();
        for (String b : "NOOP".split("")) {
            client.send(b);
            assertEquals("", client.advance(minutes(1)));
        }
        assertEquals(TIMEOUT, client.advance(minutes(1.1)));
    }

    @Test
    void startsTheCommandTimeOverAfterEachCommand() {
        client.start();
        for (int i = 0; i < 5; i++) {
            client.advance(minutes(4));
            assertEquals(OK, client.send("NOOP\r\n"));
        }
        assertFalse(client.isClosed());
    }

    @Test
    void endsEvenABusySessionAfterAnHour() {
        client.start();
        for (int i = 0; i < 14; i++) {
            client.advance(minutes(4));
            client.send("NOOP\r\n");
        }
        assertEquals(TIMEOUT, client.advance(minutes(4.1)));
        assertTrue(client.isClosed());
    }

    @Test
    void waitsThreeMinutesBetweenDataPackets() {
        client.start();
        client.send("EHLO c.org\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        for (int i = 0; i < 3; i++) {
            client.advance(minutes(2.5));
            client.send("more text\r\n");
        }
        assertFalse(client.isClosed());
        assertEquals(TIMEOUT, client.advance(minutes(3.1)));
        assertTrue(client.isClosed());
        assertTrue(client.delivered().isEmpty());
    }

    @Test
    void doesNotCountTheTimeAListenerTakes() {
        TestSession quick = new TestSession(TestSession.config()
                .commandTimeout(Duration.ofMinutes(1)).build(), new SmtpSessionTest.Mailboxes());
        quick.start();
        quick.send("EHLO c.org\r\n");
        quick.holdDecisions();
        quick.send("MAIL FROM:<a@x.org>\r\n");
        assertEquals("", quick.advance(minutes(3)));
        assertEquals(OK, quick.releaseDecisions());
        assertEquals("", quick.advance(minutes(0.9)));
        assertEquals(TIMEOUT, quick.advance(minutes(0.2)));
    }

    @Test
    void answers451WhenTheListenerDoesNotDecideInTime() {
        client.start();
        client.send("EHLO c.org\r\n");
        client.holdDecisions();
        client.send("MAIL FROM:<a@x.org>\r\nNOOP\r\n");
        assertEquals("", client.advance(minutes(3.9)));
        try (LogCapture log = new LogCapture()) {
            assertEquals(TIMEOUT + OK, client.advance(minutes(0.2)));
            assertTrue(log.messages().stream().anyMatch(line -> line.endsWith(
                    ": the listener did not decide at MAIL within 240 s")), () -> "log: "
                    + log.messages());
            assertEquals(List.of(), log.thrown(), "a timeout's stack trace in the log");
        }
        assertFalse(client.isClosed());
        assertEquals("", client.releaseDecisions());
        assertEquals("503 5.5.1 Bad sequence of commands MAIL first\r\n",
                client.send("RCPT TO:<b@example.com>\r\n"));
    }
}
