package org.smtpra.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A Maildir folder. A delivery has two steps: {@link #write} puts the message into
 * {@code tmp/} and flushes it to disk; {@link #publish} renames it into {@code new/}, where
 * mail readers see it, or {@link #discard} removes it. A reader of {@code new/} never sees a
 * partial message, and a crash leaves at worst a file in {@code tmp/}. {@code cur/} is for
 * mail readers.
 */
public final class Maildir {

    private static final Logger LOG = Logger.getLogger(Maildir.class.getName());
    private static final AtomicLong DELIVERIES = new AtomicLong();
    private static final String HOST = safeHostName();

    /** Marks the names this process writes: "P" and its id, then the counter's "Q". */
    private static final String THIS_PROCESS = "P" + ProcessHandle.current().pid() + "Q";

    private final Path root;

    private Maildir(Path root) {
        this.root = root;
    }

    /** The Maildir at this folder, with its three subfolders created if missing. */
    public static Maildir open(Path root) throws IOException {
        for (String folder : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(root.resolve(folder));
        }
        return new Maildir(root);
    }

    /**
     * A folder of this Maildir in the Maildir++ layout that IMAP servers and mail readers
     * know: the subfolder {@code .name}, a Maildir itself, marked by an empty
     * {@code maildirfolder} file.
     */
    public Maildir folder(String name) throws IOException {
        Maildir folder = open(root.resolve("." + name));
        Path marker = folder.root.resolve("maildirfolder");
        if (!Files.exists(marker)) {
            Files.write(marker, new byte[0]);
        }
        return folder;
    }

    /**
     * Stores one message at once: {@link #write}, then {@link #publish}.
     *
     * @param content the raw message, copied as it is
     * @return the file in {@code new/}
     */
    public Path deliver(InputStream content) throws IOException {
        String name = write(content);
        try {
            return publish(name);
        } catch (IOException e) {
            discard(name);
            throw e;
        }
    }

    /**
     * Writes a message into {@code tmp/} and flushes it to disk, so that it survives a crash
     * from now on. Nothing is left behind when the write fails.
     *
     * @param content the raw message, copied as it is
     * @return the file's name, for {@link #publish} or {@link #discard}
     */
    public String write(InputStream content) throws IOException {
        String name = uniqueName();
        Path temporary = root.resolve("tmp").resolve(name);
        try {
            writeDurably(temporary, content);
            return name;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /**
     * Moves a written message into {@code new/} and makes the move durable.
     *
     * @return the file in {@code new/}
     */
    public Path publish(String name) throws IOException {
        Path delivered = root.resolve("new").resolve(name);
        Files.move(root.resolve("tmp").resolve(name), delivered,
                StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(delivered.getParent());
        return delivered;
    }

    /** Removes a written message that is not to be delivered. */
    public void discard(String name) throws IOException {
        Files.deleteIfExists(root.resolve("tmp").resolve(name));
    }

    /**
     * The names in {@code tmp/} that this host wrote in an earlier run of the server: left
     * over by a crash, as no delivery of this run is writing them.
     */
    public List<String> leftOvers() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("." + HOST) && !name.contains(THIS_PROCESS))
                    .sorted()
                    .toList();
        }
    }

    private static void writeDurably(Path file, InputStream content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            content.transferTo(out);
            // The rename must not reach the disk before the content does.
            channel.force(true);
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder, so best effort. */
    private static void syncDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(Level.FINE, e, () -> "cannot sync folder " + folder);
        }
    }

    /**
     * A name no other delivery uses, in the usual form {@code seconds.MmicrosPpidQn.host}:
     * the process id tells apart servers sharing the folder, and runs of the server, the
     * counter deliveries within the same microsecond.
     */
    private static String uniqueName() {
        Instant now = Instant.now();
        return now.getEpochSecond() + ".M" + now.getNano() / 1000 + THIS_PROCESS
                + DELIVERIES.incrementAndGet() + "." + HOST;
    }

    /** The host name with '/' and ':' encoded, as Maildir readers expect. */
    private static String safeHostName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host.replace("/", "\\057").replace(":", "\\072");
    }
}
