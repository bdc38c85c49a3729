package org.smtpra.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few kilobytes mounted over a folder, so that writing there fails as on a
 * full disk ("No space left on device"). Mounting takes root, as the build has on its
 * machine; without it the test that asks is skipped, with the reason.
 */
final class TinyFileSystem implements AutoCloseable {

    private static final long COMMAND_SECONDS = 30;

    private final Path folder;

    private TinyFileSystem(Path folder) {
        this.folder = folder;
    }

    /**
     * Mounts a tmpfs of this size (as mount(8) writes it, such as "64k") over the folder,
     * hiding what it holds until {@link #close()}.
     */
    static TinyFileSystem mount(Path folder, String size) throws Exception {
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "smtpra-it",
                folder.toString());
        Assumptions.assumeTrue(failure == null, () -> "skipped: cannot mount a tmpfs over "
                + folder + " (it takes root): " + failure);
        return new TinyFileSystem(folder);
    }

    /** Unmounts; lazily if a file is still open there. */
    @Override
    public void close() throws Exception {
        if (run("umount", folder.toString()) != null) {
            run("umount", "-l", folder.toString());
        }
    }

    /** Runs a command; returns null when it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end within " + COMMAND_SECONDS + " s";
        }
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : output + " (status " + process.exitValue() + ")";
    }
}
