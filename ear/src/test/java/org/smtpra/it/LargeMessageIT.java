package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A message of {@code large.mebibytes} MiB (1024, a system property) is received with the
 * heap flat: past its threshold the adapter spools the message to disk, and the bean
 * (LargeMessageBean in smtp-it-beans) reads it through as a stream and checks its length and
 * last line. The server runs in this JVM, whose heap (-Xmx of the figures execution) is
 * smaller than the message; the spool file is gone once the delivery has ended. Prints its
 * figures, one line starting with "[large]".
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("figures")
class LargeMessageIT {

    private static final int MEBIBYTES = Integer.getInteger("large.mebibytes", 1024);
    private static final int PORT = Integer.getInteger("it.port.large");
    private static final String LINE = "x".repeat(76) + "\r\n";

    /** About a mebibyte of lines, sent in one write. */
    private static final byte[] CHUNK = LINE.repeat((1 << 20) / LINE.length())
            .getBytes(StandardCharsets.US_ASCII);

    /** The reply comes once the bean has read the whole message back from the disk. */
    private static final int REPLY_TIMEOUT_MILLIS = 120_000;

    /** More than this much heap kept after the message would mean it was held somewhere. */
    private static final long KEPT_LIMIT = 32L << 20;

    @Deployment(testable = false)
    static EnterpriseArchive largeMessages() {
        return Deployments.largeMessages();
    }

    @Test
    void receivesAMessageLargerThanTheHeap() throws Exception {
        Deployments.assertDeployed(Deployments.LARGE_MESSAGES);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        AtomicLong peak = new AtomicLong();
        Thread sampler = sampleHeap(memory, peak);
        long start = System.nanoTime();
        long octets;
        String reply;
        try (SmtpClient client = SmtpClient.introduced(PORT)) {
            client.startData("alice@example.org", "someone@example.com");
            octets = sendBody(client);
            client.readTimeout(REPLY_TIMEOUT_MILLIS);
            reply = client.readReply().get(0);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedAfterGc(memory);
        long max = Runtime.getRuntime().maxMemory();
        double mebibytes = octets / (double) (1 << 20);
        System.out.printf("[large] a message of %.0f MiB received and read back by the bean in "
                + "%.1f s (%.0f MiB/s); heap: at most %d MiB, %d MiB used after a GC before, "
                + "%d MiB after, at most %d MiB used meanwhile (garbage included)%n",
                mebibytes, seconds, mebibytes / seconds, max >> 20, before >> 20,
                after >> 20, peak.get() >> 20);

        assertEquals("250 2.0.0 Ok", reply);
        assertTrue(after - before < KEPT_LIMIT, () -> "heap kept: " + ((after - before) >> 20)
                + " MiB");
        assertEquals(List.of(), spoolFilesSoon(), "left in the spool folder");
    }

    /** Sends the lines and the end of the data; returns the octets of the message sent. */
    private static long sendBody(SmtpClient client) throws Exception {
        long octets = 0;
        for (int chunk = 0; chunk < MEBIBYTES; chunk++) {
            client.sendRaw(CHUNK);
            octets += CHUNK.length;
        }
        String end = "the end\r\n";
        client.sendRaw(end + ".\r\n");
        return octets + end.length();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Notes the most heap used, every 10 ms, until interrupted. */
    private static Thread sampleHeap(MemoryMXBean memory, AtomicLong peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /** The spool files, once the delivery has ended: it ends just after the reply. */
    private static List<Path> spoolFilesSoon() throws Exception {
        List<Path> files = spoolFiles();
        for (int attempt = 0; attempt < 50 && !files.isEmpty(); attempt++) {
            Thread.sleep(100);
            files = spoolFiles();
        }
        return files;
    }

    private static List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("it.spool.large")))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
