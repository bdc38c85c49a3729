package org.smtpra.adapter;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.smtpra.api.Reply;
import org.smtpra.protocol.SessionEvents;
import org.smtpra.protocol.SpoolFolder;
import org.smtpra.protocol.Stage;

/**
 * Counts what the sessions of one listener report and shows it as an MXBean. The sessions
 * call in on their own threads, many at once, in the middle of protocol work, so every
 * counter is a {@link LongAdder}: an increment without a lock, summed only when read.
 *
 * <p>Lifecycle: created when the listener opens, {@link #register()}ed in the platform
 * MBean server, {@link #unregister()}ed when the listener closes, which also lets the
 * application's class loader go.
 */
final class ListenerMetrics implements SessionEvents, SmtpListenerMXBean {

    /** The JMX domain of every MBean of the adapter. */
    static final String DOMAIN = "org.smtpra";

    private static final Logger LOG = Logger.getLogger(ListenerMetrics.class.getName());

    /** Upper bounds of the decision time buckets: from a quick bean to the decision timeout. */
    private static final long[] BUCKET_BOUNDS_MILLIS = {1, 2, 5, 10, 20, 50, 100, 200, 500,
        1_000, 2_000, 5_000, 10_000, 30_000, 60_000};

    private static final Reply[] REPLIES = Reply.values();

    private final String name;
    private final LongAdder sessionsOpen = new LongAdder();
    private final LongAdder sessionsTotal = new LongAdder();
    private final LongAdder messagesAccepted = new LongAdder();
    private final LongAdder messagesRejected = new LongAdder();
    private final LongAdder messageOctets = new LongAdder();
    private final LongAdder[] replies = adders(REPLIES.length);
    private final ConcurrentMap<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final LongAdder tlsHandshakes = new LongAdder();
    private final LongAdder tlsFailures = new LongAdder();
    private final LongAdder authSuccesses = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder[] decisionsByStage = adders(Stage.values().length);
    private final LongAdder decisionNanos = new LongAdder();
    private final LongAccumulator decisionMaxNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder[] decisionBuckets = adders(BUCKET_BOUNDS_MILLIS.length + 1);
    private ObjectName objectName;

    /** @param name the listener's name, which names the MBean */
    ListenerMetrics(String name) {
        this.name = name;
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers this MXBean as {@code org.smtpra:type=SmtpListener,name=<name>}, or with
     * "#2", "#3"... after the name while another application has a listener of that name.
     * Monitoring is no reason to refuse mail: a failure is logged and the listener goes on.
     */
    synchronized void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (int n = 1; objectName == null; n++) {
                ObjectName candidate = objectName(n == 1 ? name : name + "#" + n);
                try {
                    server.registerMBean(this, candidate);
                    objectName = candidate;
                } catch (InstanceAlreadyExistsException e) {
                    // Another listener has the name; try the next.
                }
            }
            LOG.fine(() -> "SMTP listener " + name + ": metrics in the MBean " + objectName);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "SMTP listener " + name + ": its metrics cannot be "
                    + "registered in the server's MBean server");
        }
    }

    /** Takes the MXBean out of the MBean server; the counters stay as they were. */
    synchronized void unregister() {
        if (objectName == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (JMException e) {
            LOG.log(Level.FINE, e, () -> "SMTP listener " + name + ": " + objectName
                    + " was gone already");
        }
        objectName = null;
    }

    /** The name this listener's MXBean is registered under, or null when it is not. */
    synchronized ObjectName objectName() {
        return objectName;
    }

    private static ObjectName objectName(String listener) throws JMException {
        // A class name needs no quoting; an activation name might.
        String value = listener.matches("[\\w.#$-]+") ? listener : ObjectName.quote(listener);
        return new ObjectName(DOMAIN + ":type=SmtpListener,name=" + value);
    }

    // ---------------------------------------------------------------- what sessions report

    @Override
    public void sessionOpened() {
        sessionsTotal.increment();
        sessionsOpen.increment();
    }

    @Override
    public void sessionClosed(long durationNanos) {
        sessionsOpen.decrement();
    }

    @Override
    public void replySent(Reply reply) {
        replies[reply.ordinal()].increment();
    }

    @Override
    public void refused(String stage, Reply reply) {
        rejections.computeIfAbsent(stage, s -> new LongAdder()).increment();
    }

    @Override
    public void messageAccepted(long octets) {
        messagesAccepted.increment();
        messageOctets.add(octets);
    }

    @Override
    public void messageRejected() {
        messagesRejected.increment();
    }

    @Override
    public void tlsHandshake(boolean succeeded) {
        (succeeded ? tlsHandshakes : tlsFailures).increment();
    }

    @Override
    public void authentication(boolean succeeded) {
        (succeeded ? authSuccesses : authFailures).increment();
    }

    @Override
    public void decided(Stage stage, long nanos) {
        decisionsByStage[stage.ordinal()].increment();
        decisionNanos.add(nanos);
        decisionMaxNanos.accumulate(nanos);
        decisionBuckets[bucket(nanos)].increment();
    }

    private static int bucket(long nanos) {
        int i = 0;
        while (i < BUCKET_BOUNDS_MILLIS.length
                && nanos > TimeUnit.MILLISECONDS.toNanos(BUCKET_BOUNDS_MILLIS[i])) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- what JMX reads

    @Override
    public String getName() {
        return name;
    }

    @Override
    public long getSessionsOpen() {
        return sessionsOpen.sum();
    }

    @Override
    public long getSessionsTotal() {
        return sessionsTotal.sum();
    }

    @Override
    public long getMessagesAccepted() {
        return messagesAccepted.sum();
    }

    @Override
    public long getMessagesRejected() {
        return messagesRejected.sum();
    }

    @Override
    public long getMessageOctetsAccepted() {
        return messageOctets.sum();
    }

    @Override
    public Map<String, Long> getRepliesSent() {
        Map<String, Long> sent = new TreeMap<>();
        for (Reply reply : REPLIES) {
            long count = replies[reply.ordinal()].sum();
            if (count > 0) {
                sent.put(reply.id() + " " + reply.name(), count);
            }
        }
        return sent;
    }

    @Override
    public Map<String, Long> getRejectionsByStage() {
        Map<String, Long> byStage = new TreeMap<>();
        rejections.forEach((stage, count) -> byStage.put(stage, count.sum()));
        return byStage;
    }

    @Override
    public long getTlsHandshakes() {
        return tlsHandshakes.sum();
    }

    @Override
    public long getTlsHandshakeFailures() {
        return tlsFailures.sum();
    }

    @Override
    public long getAuthSuccesses() {
        return authSuccesses.sum();
    }

    @Override
    public long getAuthFailures() {
        return authFailures.sum();
    }

    @Override
    public long getDecisions() {
        long total = 0;
        for (LongAdder count : decisionsByStage) {
            total += count.sum();
        }
        return total;
    }

    @Override
    public Map<String, Long> getDecisionsByStage() {
        Map<String, Long> byStage = new TreeMap<>();
        for (Stage stage : Stage.values()) {
            long count = decisionsByStage[stage.ordinal()].sum();
            if (count > 0) {
                byStage.put(stage.name(), count);
            }
        }
        return byStage;
    }

    @Override
    public double getDecisionTimeTotalMillis() {
        return decisionNanos.sum() / 1e6;
    }

    @Override
    public double getDecisionTimeMaxMillis() {
        return decisionMaxNanos.get() / 1e6;
    }

    @Override
    public long[] getDecisionTimeBucketBoundsMillis() {
        return BUCKET_BOUNDS_MILLIS.clone();
    }

    @Override
    public long[] getDecisionTimeHistogram() {
        long[] counts = new long[decisionBuckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = decisionBuckets[i].sum();
        }
        return counts;
    }

    @Override
    public long getSpoolFilesInUse() {
        return SpoolFolder.filesInUse();
    }

    @Override
    public long getSpoolOctetsInUse() {
        return SpoolFolder.octetsInUse();
    }
}
