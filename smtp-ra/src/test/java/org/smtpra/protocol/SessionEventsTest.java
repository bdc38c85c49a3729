package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Reply;

/** What a session reports for metrics, for a session whose history is known. */
class SessionEventsTest {

    /** Counts what a metrics observer would. */
    static final class Recorder implements SessionEvents {
        final Map<String, Integer> counts = new TreeMap<>();
        final List<String> refusals = new ArrayList<>();
        final List<Stage> decisions = new ArrayList<>();
        long acceptedOctets;

        private void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        @Override
        public void sessionOpened() {
            count("opened");
        }

        @Override
        public void sessionClosed(long durationNanos) {
            count("closed");
        }

        @Override
        public void replySent(Reply reply) {
            count(reply.name());
        }

        @Override
        public void refused(String stage, Reply reply) {
            refusals.add(stage + " " + reply.id());
        }

        @Override
        public void messageAccepted(long octets) {
            count("accepted");
            acceptedOctets += octets;
        }

        @Override
        public void messageRejected() {
            count("rejected");
        }

        @Override
        public void decided(Stage stage, long nanos) {
            decisions.add(stage);
        }
    }

    @Test
    void reportsEveryReplyRefusalDecisionAndMessage() {
        Recorder events = new Recorder();
        TestSession client = new TestSession(TestSession.config().events(events).build(),
                new SmtpSessionTest.Mailboxes());
        client.start();
        client.send("EHLO c.example.org\r\nMAIL FROM:<a@x.org>\r\n"
                + "RCPT TO:<nobody@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        client.send("Subject: s\r\n\r\nhello\r\n.\r\nXYZZY\r\nQUIT\r\n");
        client.disconnect();
        assertEquals(Map.of("opened", 1, "closed", 1, "accepted", 1, "SERVICE_READY", 1,
                "GREETING", 1, "OK", 3, "INVALID_USER", 1, "START_MAIL_INPUT", 1,
                "COMMAND_UNRECOGNIZED", 1, "CLOSING", 1), events.counts);
        assertEquals(List.of("RCPT 2175016", "unknown command 2175003"), events.refusals);
        assertEquals(List.of(Stage.CONNECT, Stage.HELO, Stage.MAIL, Stage.RCPT, Stage.RCPT,
                Stage.DATA), events.decisions);
        assertEquals(client.delivered().get(0).mail().size(), events.acceptedOctets);
    }

    @Test
    void reportsTheStarttlsReplyAndAMessageRefusedAtTheEndOfData() {
        Recorder events = new Recorder();
        TestSession client = new TestSession(TestSession.config().events(events)
                .tlsMode(TlsMode.STARTTLS).maxMessageSize(100).build(),
                new SmtpSessionTest.Mailboxes());
        client.start();
        client.send("EHLO c.example.org\r\nSTARTTLS\r\n");
        client.completeHandshake();
        client.send("EHLO c.example.org\r\nMAIL FROM:<a@x.org>\r\n"
                + "RCPT TO:<b@example.com>\r\nDATA\r\n");
        client.send("Subject: s\r\n\r\n" + "x".repeat(200) + "\r\n.\r\nQUIT\r\n");
        client.disconnect();
        assertEquals(Map.of("opened", 1, "closed", 1, "rejected", 1, "SERVICE_READY", 1,
                "GREETING", 2, "READY_TO_START_TLS", 1, "OK", 2, "START_MAIL_INPUT", 1,
                "MESSAGE_TOO_BIG", 1, "CLOSING", 1), events.counts);
        assertEquals(List.of("end of DATA 2175021"), events.refusals);
    }
}
