package org.smtpra.protocol;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder where messages larger than the spool threshold are written as they arrive. */
public final class SpoolFolder {

    private SpoolFolder() {
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
