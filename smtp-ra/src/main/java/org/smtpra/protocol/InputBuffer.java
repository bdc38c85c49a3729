package org.smtpra.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a session has received and not yet consumed. It grows only as far as the
 * session lets it: command lines are bounded by the line limit, and the session stops
 * reading while it waits for a decision.
 */
final class InputBuffer {

    /** The first array's size: room for a few pipelined commands or a packet of data. */
    private static final int INITIAL_SIZE = 4096;
    private static final byte[] NONE = new byte[0];

    // Allocated at the first byte received: a connection that only waits (after its
    // greeting, or before the server's) costs no buffer.
    private byte[] bytes = NONE;
    private int start;
    private int end;
    /** Where the search for the next CRLF resumes, so no byte is scanned twice. */
    private int scanned;
    private long receivedTotal;
    private long consumedTotal;

    void append(ByteBuffer source) {
        int length = source.remaining();
        if (end + length > bytes.length) {
            makeRoom(length);
        }
        source.get(bytes, end, length);
        end += length;
        receivedTotal += length;
    }

    /** The octets received since the session began. */
    long receivedTotal() {
        return receivedTotal;
    }

    /** The offset in the whole input of the first byte not yet consumed. */
    long consumedTotal() {
        return consumedTotal;
    }

    byte[] array() {
        return bytes;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int length() {
        return end - start;
    }

    boolean isEmpty() {
        return start == end;
    }

    /** The index of the CR of the first CRLF, or -1 when no complete line has arrived. */
    int findCrlf() {
        for (int i = Math.max(scanned, start + 1); i < end; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
                scanned = i + 1;
                return i - 1;
            }
        }
        scanned = end;
        return -1;
    }

    void consume(int count) {
        start += count;
        consumedTotal += count;
        if (start == end) {
            start = 0;
            end = 0;
            scanned = 0;
        }
    }

    /** Drops everything buffered. */
    void clear() {
        consume(length());
    }

    /** Drops what is buffered but a final CR, which may begin the CRLF still to come. */
    void discardKeepingFinalCr() {
        boolean finalCr = end > start && bytes[end - 1] == '\r';
        consume(length() - (finalCr ? 1 : 0));
    }

    private void makeRoom(int more) {
        int length = length();
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(Arrays.copyOfRange(bytes, start, end),
                    Math.max(Math.max(bytes.length * 2, INITIAL_SIZE), length + more));
        } else {
            System.arraycopy(bytes, start, bytes, 0, length);
        }
        scanned = Math.max(0, scanned - start);
        start = 0;
        end = length;
    }
}
