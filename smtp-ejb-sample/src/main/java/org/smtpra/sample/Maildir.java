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
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Maildir folder: messages are written into {@code tmp/}, flushed to disk, then renamed
 * into {@code new/}, so a reader of {@code new/} never sees a partial message and a crash
 * leaves at worst a stray file in {@code tmp/}. {@code cur/} is for mail readers.
 */
public final class Maildir {

    private static final Logger LOG = Logger.getLogger(Maildir.class.getName());
    private static final AtomicLong DELIVERIES = new AtomicLong();
    private static final String HOST = safeHostName();

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
     * Stores one message.
     *
     * @param content the raw message, copied as it is
     * @return the file in {@code new/}
     */
    public Path deliver(InputStream content) throws IOException {
        String name = uniqueName();
        Path temporary = root.resolve("tmp").resolve(name);
        try {
            writeDurably(temporary, content);
            Path delivered = root.resolve("new").resolve(name);
            Files.move(temporary, delivered, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(delivered.getParent());
            return delivered;
        } finally {
            Files.deleteIfExists(temporary);
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
     * the process id tells apart servers sharing the folder, the counter deliveries within
     * the same microsecond.
     */
    private static String uniqueName() {
        Instant now = Instant.now();
        return now.getEpochSecond() + ".M" + now.getNano() / 1000 + "P"
                + ProcessHandle.current().pid() + "Q" + DELIVERIES.incrementAndGet() + "." + HOST;
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
