package org.smtpra.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the Maildir the sample bean delivers into, as a mail reader would. */
final class MaildirFolder {

    private final Path root;

    MaildirFolder(Path root) {
        this.root = root;
    }

    /** The Maildir the deployed sample uses: the system property smtp.maildir. */
    static MaildirFolder ofSample() {
        return new MaildirFolder(Path.of(System.getProperty("smtp.maildir")));
    }

    /** The Maildir++ folder where the sample's submission beans queue mail. */
    MaildirFolder outbox() {
        return new MaildirFolder(root.resolve(".Outbox"));
    }

    /** Deletes every message, so that a test sees only its own. */
    void clear() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(Files::isRegularFile)
                    .forEach(MaildirFolder::delete);
        }
    }

    /** The messages delivered and not yet seen, in new/. */
    List<Path> newMessages() throws IOException {
        return list("new");
    }

    /** Files being written, in tmp/; empty once every delivery has finished. */
    List<Path> temporaryFiles() throws IOException {
        return list("tmp");
    }

    /** A message's raw content. */
    static String read(Path message) throws IOException {
        return Files.readString(message, StandardCharsets.UTF_8);
    }

    private List<Path> list(String folder) throws IOException {
        Path path = root.resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.sorted().toList();
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
