package org.smtpra.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.smtpra.transport.ServerKey;

/**
 * The TLS keys one run of the adapter has read. Every listener serves the server's own key
 * unless told otherwise, and reading a key from a PKCS12 store costs three key derivations of
 * ten thousand rounds each, tens of milliseconds and on a cold JVM hundreds: so a key is read
 * once, and again only when its file changes (its size or modification time) or another
 * password or alias is asked for. A key that could not be read is not kept, so each listener
 * that asks for it tries again and reports the problem itself.
 *
 * <p>Safe for several threads: one that asks for a key another is reading waits for it.
 */
final class LoadedKeys {

    private final ConcurrentMap<Source, CompletableFuture<ServerKey>> keys =
            new ConcurrentHashMap<>();

    /** What tells a key apart: the file as it is now, and what is asked of it. */
    private record Source(Path file, Object fileKey, FileTime modified, long size,
            String alias, String password) {

        /** Empty when the file cannot be looked at; reading it then says why. */
        static Optional<Source> of(KeySettings settings, Path file) {
            try {
                BasicFileAttributes attributes =
                        Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Source(file.toAbsolutePath().normalize(),
                        attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(),
                        settings.effectiveAlias(), settings.effectivePassword()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "Source[" + file + ", " + alias + "]";
        }
    }

    /**
     * The key of these settings in {@code file}, read now unless it was read before.
     *
     * @throws KeySettings.KeyProblem naming the setting to fix
     */
    ServerKey key(KeySettings settings, Path file) throws KeySettings.KeyProblem {
        Optional<Source> source = Source.of(settings, file);
        if (source.isEmpty()) {
            return settings.read(file);
        }
        CompletableFuture<ServerKey> reading = new CompletableFuture<>();
        CompletableFuture<ServerKey> earlier = keys.putIfAbsent(source.get(), reading);
        if (earlier != null) {
            return await(earlier);
        }
        try {
            ServerKey key = settings.read(file);
            reading.complete(key);
            return key;
        } catch (Throwable e) {
            // Whoever waits for this key is told, and the next one to ask reads it again.
            keys.remove(source.get(), reading);
            reading.completeExceptionally(e);
            throw e;
        }
    }

    /** How many keys are held. */
    int size() {
        return keys.size();
    }

    /** Forgets every key, at the end of the adapter's run. */
    void clear() {
        keys.clear();
    }

    /** The key another thread read, or the problem it met, as if this one had read it. */
    private static ServerKey await(CompletableFuture<ServerKey> reading)
            throws KeySettings.KeyProblem {
        try {
            return reading.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KeySettings.KeyProblem problem) {
                throw problem;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw cause instanceof RuntimeException unchecked ? unchecked : e;
        }
    }
}
