package org.smtpra.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Reply;
import org.smtpra.protocol.Stage;

/** A listener's metrics as a JMX client reads them from the platform MBean server. */
class ListenerMetricsTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void countsWhatSessionsReportAndShowsItThroughJmx() throws Exception {
        ListenerMetrics metrics = new ListenerMetrics("CountingBean");
        metrics.register();
        ObjectName name = new ObjectName("org.smtpra:type=SmtpListener,name=CountingBean");
        try {
            assertEquals(name, metrics.objectName());
            metrics.sessionOpened();
            metrics.sessionOpened();
            metrics.sessionClosed(1);
            metrics.replySent(Reply.SERVICE_READY);
            metrics.replySent(Reply.OK);
            metrics.replySent(Reply.OK);
            metrics.replySent(Reply.INVALID_USER);
            metrics.refused("RCPT", Reply.INVALID_USER);
            metrics.refused("end of DATA", Reply.MESSAGE_TOO_BIG);
            metrics.messageAccepted(1200);
            metrics.messageAccepted(34);
            metrics.messageRejected();
            metrics.tlsHandshake(true);
            metrics.tlsHandshake(false);
            metrics.tlsHandshake(false);
            metrics.authentication(true);
            metrics.authentication(false);
            metrics.decided(Stage.RCPT, TimeUnit.MICROSECONDS.toNanos(300));
            metrics.decided(Stage.RCPT, TimeUnit.MILLISECONDS.toNanos(1));
            metrics.decided(Stage.DATA, TimeUnit.MILLISECONDS.toNanos(70));
            metrics.decided(Stage.DATA, TimeUnit.SECONDS.toNanos(90));

            assertEquals(1L, server.getAttribute(name, "SessionsOpen"));
            assertEquals(2L, server.getAttribute(name, "SessionsTotal"));
            assertEquals(2L, server.getAttribute(name, "MessagesAccepted"));
            assertEquals(1L, server.getAttribute(name, "MessagesRejected"));
            assertEquals(1234L, server.getAttribute(name, "MessageOctetsAccepted"));
            assertEquals(Map.of("2172002 SERVICE_READY", 1L, "2172005 OK", 2L,
                    "2175016 INVALID_USER", 1L), table(name, "RepliesSent"));
            assertEquals(Map.of("RCPT", 1L, "end of DATA", 1L),
                    table(name, "RejectionsByStage"));
            assertEquals(1L, server.getAttribute(name, "TlsHandshakes"));
            assertEquals(2L, server.getAttribute(name, "TlsHandshakeFailures"));
            assertEquals(1L, server.getAttribute(name, "AuthSuccesses"));
            assertEquals(1L, server.getAttribute(name, "AuthFailures"));
            assertEquals(4L, server.getAttribute(name, "Decisions"));
            assertEquals(Map.of("RCPT", 2L, "DATA", 2L), table(name, "DecisionsByStage"));
            assertEquals(90_071.3, (double) server.getAttribute(name, "DecisionTimeTotalMillis"),
                    1e-6);
            assertEquals(90_000.0, (double) server.getAttribute(name, "DecisionTimeMaxMillis"));
            assertArrayEquals(new long[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000,
                5_000, 10_000, 30_000, 60_000},
                    (long[]) server.getAttribute(name, "DecisionTimeBucketBoundsMillis"));
            // 0.3 ms and 1 ms in the first bucket (at most 1 ms), 70 ms in the one up to
            // 100 ms, 90 s in the last one.
            assertArrayEquals(new long[] {2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1},
                    (long[]) server.getAttribute(name, "DecisionTimeHistogram"));
        } finally {
            metrics.unregister();
        }
        assertFalse(server.isRegistered(name));
        assertNull(metrics.objectName());
    }

    @Test
    void aSecondListenerOfTheSameNameGetsANumber() throws Exception {
        ListenerMetrics first = new ListenerMetrics("TwinBean");
        ListenerMetrics second = new ListenerMetrics("TwinBean");
        first.register();
        second.register();
        try {
            assertEquals(new ObjectName("org.smtpra:type=SmtpListener,name=TwinBean#2"),
                    second.objectName());
            assertTrue(server.isRegistered(first.objectName()));
        } finally {
            first.unregister();
            second.unregister();
        }
    }

    @Test
    void quotesANameThatJmxWouldMisread() throws Exception {
        ListenerMetrics metrics = new ListenerMetrics("inbox, port=25");
        metrics.register();
        try {
            assertEquals("inbox, port=25",
                    ObjectName.unquote(metrics.objectName().getKeyProperty("name")));
        } finally {
            metrics.unregister();
        }
    }

    /** A map attribute as a JMX client gets it: a table of key and value rows. */
    private Map<String, Long> table(ObjectName name, String attribute) throws Exception {
        TabularData rows = (TabularData) server.getAttribute(name, attribute);
        Map<String, Long> map = new TreeMap<>();
        for (Object row : rows.values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }
}
