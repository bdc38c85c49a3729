package org.smtpra.protocol;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of one message while it arrives and while the listener reads it: in memory up
 * to a threshold, then in a file of the spool folder, so that a large message costs disk, not
 * heap.
 *
 * <p>Past the size limit the spool stops storing and only counts, so that an oversized
 * message is read to its end (RFC 1870 section 4) without being kept. A write that fails,
 * such as on a full disk, is remembered rather than thrown, for the same reason.
 */
final class Spool implements DataDecoder.MessageSink {

    /** The prefix of spool file names, so that left-overs can be recognized. */
    static final String FILE_PREFIX = "smtp-spool-";

    private final Path directory;
    private final int threshold;
    private final long limit;
    private byte[] memory = new byte[4096];
    private long size;
    private Path file;
    private OutputStream fileOut;
    /** Octets written to the file, counted in {@link SpoolFolder}'s usage. */
    private long fileOctets;
    private IOException failure;

    /**
     * @param directory where the file goes once the content outgrows {@code threshold}
     * @param threshold octets kept in memory
     * @param limit octets stored at most; beyond it the content is only counted
     */
    Spool(Path directory, int threshold, long limit) {
        this.directory = directory;
        this.threshold = threshold;
        this.limit = limit;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        long total = size + length;
        if (total <= limit && failure == null) {
            try {
                store(bytes, offset, length);
            } catch (IOException e) {
                failure = e;
                discardFile();
            }
        }
        size = total;
    }

    /** The octets written, stored or not. */
    long size() {
        return size;
    }

    /** True when more than the limit was written. */
    boolean exceededLimit() {
        return size > limit;
    }

    /** The write failure, or null when every write was stored. */
    IOException failure() {
        return failure;
    }

    /** Completes the writing; the content is then readable from any thread. */
    void finish() {
        if (fileOut == null) {
            return;
        }
        try {
            fileOut.close();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The spool file, or null while the content is in memory. */
    Path file() {
        return file;
    }

    /** A new stream over the stored content. */
    InputStream openStream() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        return new ByteArrayInputStream(memory, 0, (int) size);
    }

    /** Frees the memory and deletes the file; the spool is unusable afterwards. */
    void delete() {
        memory = null;
        discardFile();
    }

    private void store(byte[] bytes, int offset, int length) throws IOException {
        if (fileOut == null && size + length > threshold) {
            moveToFile();
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
            countFileOctets(length);
            return;
        }
        if (size + length > memory.length) {
            int needed = (int) (size + length);
            memory = Arrays.copyOf(memory, Math.min(threshold, Math.max(needed,
                    memory.length * 2)));
        }
        System.arraycopy(bytes, offset, memory, (int) size, length);
    }

    private void moveToFile() throws IOException {
        file = Files.createTempFile(directory, FILE_PREFIX, ".eml");
        SpoolFolder.FILES.incrementAndGet();
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        fileOut.write(memory, 0, (int) size);
        countFileOctets(size);
        memory = null;
    }

    private void countFileOctets(long octets) {
        fileOctets += octets;
        SpoolFolder.OCTETS.addAndGet(octets);
    }

    private void discardFile() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException e) {
            // The file is deleted next; a failed close changes nothing for the client.
        }
        fileOut = null;
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Left-overs carry FILE_PREFIX and are removed when the adapter next starts.
        }
        if (file != null) {
            SpoolFolder.FILES.decrementAndGet();
            SpoolFolder.OCTETS.addAndGet(-fileOctets);
            fileOctets = 0;
        }
        file = null;
    }
}
