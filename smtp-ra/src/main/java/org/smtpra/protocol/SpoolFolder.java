package org.smtpra.protocol;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The folder where messages larger than the spool threshold are written as they arrive. */
public final class SpoolFolder {

    static final AtomicLong FILES = new AtomicLong();
    static final AtomicLong OCTETS = new AtomicLong();

    private SpoolFolder() {
    }

    /** The spool files that messages in progress occupy now, in every folder. */
    public static long filesInUse() {
        return FILES.get();
    }

    /** The octets that messages in progress occupy in spool files now. */
    public static long octetsInUse() {
        return OCTETS.get();
    }

    /**
     * Creates the folder if needed and deletes the spool files a previous run left behind
     * when it stopped in the middle of a message. None of them was acknowledged, so their
     * senders will send them again. Call it before any listener of the folder starts.
     *
     * @return how many files were deleted
     */
    public static int prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                Spool.FILE_PREFIX + "*")) {
            for (Path leftover : files) {
                Files.deleteIfExists(leftover);
                removed++;
            }
        }
        return removed;
    }
}
