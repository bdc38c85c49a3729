package org.smtpra.adapter;

import jakarta.resource.spi.InvalidPropertyException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.protocol.TlsMode;
import org.smtpra.transport.ServerTls;

/**
 * How one listener offers TLS, decided when it is activated: the mode, and the key it serves.
 *
 * <p>The {@code tlsMode} setting is {@code none}, {@code starttls}, {@code implicit}, or empty
 * for "STARTTLS when a key is available": with no key store configured and none found on the
 * server, the listener then runs without TLS and says so in one INFO line.
 *
 * <p>A key that is configured or found but cannot be loaded is logged SEVERE with the setting
 * to fix. The listener then cannot keep what its settings promise, so:
 * <ul>
 *   <li>STARTTLS without {@code requireTls}: the listener opens without TLS, because mail
 *       must still arrive (RFC 3207 section 4: a publicly-referenced server must not require
 *       TLS to deliver locally);</li>
 *   <li>STARTTLS with {@code requireTls}, and implicit TLS: the activation fails, since no
 *       mail could ever be taken.</li>
 * </ul>
 * XXX The engine already answers "452 4.7.0 Temporary internal failure - failed to initialize
 * TLS" when a handshake cannot be set up, but the transport takes only a key that loaded.
 * Once it accepts a key that failed to load, a broken key under STARTTLS keeps the mode and
 * the client gets that 452, with or without {@code requireTls}.
 */
record ListenerTls(TlsMode mode, ServerTls key) {

    private static final Logger LOG = Logger.getLogger(ListenerTls.class.getName());

    /** The values of the {@code tlsMode} setting, for messages. */
    static final String MODES = "none, starttls or implicit";

    /** No TLS. */
    static ListenerTls none() {
        return new ListenerTls(TlsMode.NONE, null);
    }

    /**
     * Decides the mode and loads the key.
     *
     * @param listener the listener's name, for logs
     * @param modeSetting the tlsMode setting; blank for automatic
     * @param requireTls whether the listener refuses mail before TLS
     * @param keys where the key comes from
     * @throws InvalidPropertyException when the mode is unknown, or the key is broken and the
     *         listener cannot run without it
     */
    static ListenerTls choose(String listener, String modeSetting, boolean requireTls,
            KeySettings keys) throws InvalidPropertyException {
        Optional<TlsMode> wanted = parseMode(modeSetting);
        if (wanted.isPresent() && wanted.get() == TlsMode.NONE) {
            return none();
        }
        Optional<Path> file = keys.file();
        if (file.isEmpty() && wanted.isEmpty()) {
            LOG.info(() -> "SMTP listener " + listener + ": no key store is configured and the "
                    + "server has none, so STARTTLS is not offered; set keyStore to offer it");
            return none();
        }
        TlsMode mode = wanted.orElse(TlsMode.STARTTLS);
        try {
            if (file.isEmpty()) {
                throw new KeySettings.KeyProblem("keyStore", "tlsMode " + name(mode)
                        + " needs a key, and the server has no key store");
            }
            ServerTls key = keys.load(file.get());
            LOG.config(() -> "SMTP listener " + listener + ": " + name(mode) + " with the "
                    + keys.describe(file.get()));
            return new ListenerTls(mode, key);
        } catch (KeySettings.KeyProblem problem) {
            return withoutKey(listener, mode, requireTls, problem);
        }
    }

    /** Parses the setting; empty for automatic. */
    static Optional<TlsMode> parseMode(String setting) throws InvalidPropertyException {
        if (ListenerSettings.isBlank(setting)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsMode.valueOf(setting.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("tlsMode must be " + MODES + ", was "
                    + setting.trim());
        }
    }

    private static ListenerTls withoutKey(String listener, TlsMode mode, boolean requireTls,
            KeySettings.KeyProblem problem) throws InvalidPropertyException {
        boolean fatal = mode == TlsMode.IMPLICIT || requireTls;
        String message = "TLS is not available, " + problem.getMessage()
                + "; fix the setting " + problem.setting();
        if (fatal) {
            // The adapter logs the failed activation, with this message, once.
            InvalidPropertyException failure = new InvalidPropertyException(message);
            failure.initCause(problem);
            throw failure;
        }
        LOG.log(Level.SEVERE, problem.getCause(), () -> "SMTP listener " + listener + ": "
                + message + ". Until then STARTTLS is not offered");
        return none();
    }

    private static String name(TlsMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
