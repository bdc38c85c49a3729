package org.smtpra.protocol;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;

/**
 * A received message whose content is in a {@link Spool}. A MIME view of a spooled file
 * reads the file in place rather than copying it to the heap, so that a listener may parse
 * a large message; the streams it opens are closed when the session releases the mail.
 */
final class SpooledMail implements Mail {

    private static final int WAITING = 0;
    private static final int LENT = 1;
    private static final int RELEASED = 2;

    private final Envelope envelope;
    private final Spool spool;
    private final List<Closeable> opened = new ArrayList<>();
    /** {@link #WAITING} for the listener, {@link #LENT} to it, or {@link #RELEASED}. */
    private final AtomicInteger state = new AtomicInteger(WAITING);

    SpooledMail(Envelope envelope, Spool spool) {
        this.envelope = envelope;
        this.spool = spool;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public long size() {
        return spool.size();
    }

    @Override
    public InputStream openStream() throws IOException {
        return spool.openStream();
    }

    @Override
    public MimeMessage toMimeMessage() throws IOException, MessagingException {
        return toMimeMessage(Session.getInstance(new Properties()));
    }

    /** The MIME view parsed with this session's properties. */
    MimeMessage toMimeMessage(Session session) throws IOException, MessagingException {
        if (spool.file() == null) {
            try (InputStream in = openStream()) {
                return new MimeMessage(session, in);
            }
        }
        SharedFileInputStream in = new SharedFileInputStream(spool.file().toFile());
        synchronized (opened) {
            opened.add(in);
        }
        return new MimeMessage(session, in);
    }

    /**
     * Runs the listener's call with this mail, and releases the mail when the call ends,
     * however it ends. A mail released before the call began, as when its client left and
     * the session abandoned the call, is not given to the listener.
     *
     * @throws CancellationException when the mail was released first
     */
    Decision lend(Supplier<Decision> call) {
        if (!state.compareAndSet(WAITING, LENT)) {
            throw new CancellationException("the message was abandoned before the listener "
                    + "had it");
        }
        try {
            return call.get();
        } finally {
            state.set(RELEASED);
            delete();
        }
    }

    /**
     * Releases the mail once the session is done with its decision, unless the listener
     * has it: a call abandoned while it runs releases the mail itself when it ends, so that
     * the listener never reads content that is gone.
     */
    void releaseUnlessLent() {
        if (state.compareAndSet(WAITING, RELEASED)) {
            delete();
        }
    }

    /** Closes what the listener left open and deletes the content. */
    private void delete() {
        synchronized (opened) {
            for (Closeable stream : opened) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // Nothing to do: the file is deleted next.
                }
            }
            opened.clear();
        }
        spool.delete();
    }

    @Override
    public String toString() {
        return "Mail[" + envelope.reversePath() + " -> " + envelope.forwardPaths() + ", "
                + size() + " octets]";
    }
}
