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
 *   <li>STARTTLS: the listener still offers it and answers it with "452 4.7.0 Temporary
 *       internal failure - failed to initialize TLS", which tells the client the fault is
 *       temporary and on this side: a sending MTA goes on without TLS or comes back later,
 *       and with {@code requireTls} mail waits until the key is fixed;</li>
 *   <li>implicit TLS: the activation fails, since no reply could reach a client.</li>
 * </ul>
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
     * @param loaded the keys read before, in this run of the adapter
     * @throws InvalidPropertyException when the mode is unknown, or the key is broken and the
     *         listener cannot run without it
     */
    static ListenerTls choose(String listener, String modeSetting, boolean requireTls,
            KeySettings keys, LoadedKeys loaded) throws InvalidPropertyException {
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
            ServerTls key = keys.load(file.get(), loaded);
            LOG.config(() -> "SMTP listener " + listener + ": " + name(mode) + " with the "
                    + keys.describe(file.get()));
            return new ListenerTls(mode, key);
        } catch (KeySettings.KeyProblem problem) {
            return withoutKey(listener, mode, problem);
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

    private static ListenerTls withoutKey(String listener, TlsMode mode,
            KeySettings.KeyProblem problem) throws InvalidPropertyException {
        String message = "TLS is not available, " + problem.getMessage()
                + "; fix the setting " + problem.setting();
        if (mode == TlsMode.IMPLICIT) {
            // The adapter logs the failed activation, with this message, once.
            InvalidPropertyException failure = new InvalidPropertyException(message);
            failure.initCause(problem);
            throw failure;
        }
        // STARTTLS stays offered and answers 452, which says the fault is temporary and on
        // this side; a listener that requires TLS then takes no mail until the key is fixed.
        LOG.log(Level.SEVERE, problem.getCause(), () -> "SMTP listener " + listener + ": "
                + message + ". Until then STARTTLS answers 452");
        return new ListenerTls(mode, ServerTls.unavailable(message));
    }

    private static String name(TlsMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
