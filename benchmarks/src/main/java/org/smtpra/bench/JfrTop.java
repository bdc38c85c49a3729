package org.smtpra.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time went in a flight recording: the methods most often on top of the
 * stack in execution samples, and, for samples with the adapter's code anywhere in the
 * stack, the adapter's method nearest the top (what of ours the time is spent in).
 *
 * <p>Arguments: the recording file, the number of lines per list.
 */
public final class JfrTop {

    private static final String OURS = "org.smtpra.";

    private JfrTop() {
    }

    /** @param args the .jfr file, lines per list */
    public static void main(String[] args) throws IOException {
        int lines = Integer.parseInt(args[1]);
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        int samples = 0;
        int withOurs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())
                    || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            top.merge(name(frames.get(0)), 1, Integer::sum);
            layers.merge(layer(frames), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith(OURS)) {
                    ours.merge(name(frame), 1, Integer::sum);
                    withOurs++;
                    break;
                }
            }
        }
        System.out.printf("%d execution samples, %d (%.0f%%) with the adapter's code on the "
                + "stack%n", samples, withOurs, 100.0 * withOurs / Math.max(1, samples));
        print("by the code nearest the top that is not the JDK's", layers, samples, lines);
        print("top frames", top, samples, lines);
        print("the adapter's frame nearest the top", ours, samples, lines);
    }

    /**
     * Who the sample's time is for: the first frame from the top outside the JDK, by its
     * library; the transaction manager (JTS) and the server's other code apart.
     */
    private static String layer(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith(OURS)) {
                return "the adapter and the sample (org.smtpra)";
            } else if (type.startsWith("io.netty.")) {
                return "Netty";
            } else if (type.startsWith("com.sun.jts.")
                    || type.startsWith("com.sun.enterprise.transaction.")) {
                return "Payara: transaction manager";
            } else if (!type.startsWith("java.") && !type.startsWith("jdk.")
                    && !type.startsWith("sun.")) {
                return "Payara: container, work manager and the rest";
            }
        }
        return "the JDK alone";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples,
            int lines) {
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(lines)
                .forEach(entry -> System.out.printf("  %5.1f%%  %s%n",
                        100.0 * entry.getValue() / samples, entry.getKey()));
    }
}
