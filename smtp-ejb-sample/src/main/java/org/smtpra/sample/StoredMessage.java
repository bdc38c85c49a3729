package org.smtpra.sample;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.smtpra.api.Envelope;

/**
 * One accepted message in the sample's database: its envelope, the name of its file in the
 * Maildir, and a copy of its content when it is small enough. The Maildir is the store of
 * record; the database is where an application would look messages up.
 *
 * <p>The table is {@code MESSAGES}; its columns are named here so that other tools can read
 * it (the README shows a query).
 */
@Entity
@Table(name = "MESSAGES")
@NamedQuery(name = StoredMessage.COUNT_BY_FILE,
        query = "SELECT COUNT(m) FROM StoredMessage m WHERE m.maildirFile = :file")
public class StoredMessage {

    /** Counts the rows of one Maildir file name (parameter {@code file}): 0 or 1. */
    public static final String COUNT_BY_FILE = "StoredMessage.countByFile";

    /**
     * Messages up to this size are copied into the database; larger ones are in the Maildir
     * only, so that storing a message never holds all of it in the heap.
     */
    public static final int CONTENT_LIMIT = 1024 * 1024;

    @Column(name = "RECEIVED_AT", nullable = false)
    private OffsetDateTime receivedAt;

    @Column(name = "SESSION_ID", nullable = false, length = 64)
    private String sessionId;

    @Column(name = "CLIENT_IP", nullable = false, length = 64)
    private String clientIp;

    /** "<>" for the null reverse-path of bounces. */
    @Column(name = "REVERSE_PATH", nullable = false, length = 1024)
    private String reversePath;

    /** The forward-paths, separated by ", "; up to maxRecipients of them. */
    @Column(name = "RECIPIENTS", nullable = false, length = 65536)
    private String recipients;

    @Column(name = "MESSAGE_SIZE", nullable = false)
    private long size;

    /**
     * The file's name in the Maildir's new/ (and in tmp/ until the transaction commits):
     * unique, and so the key.
     */
    @Id
    @Column(name = "MAILDIR_FILE", length = 255)
    private String maildirFile;

    /** The message as received, Received field included; null past {@link #CONTENT_LIMIT}. */
    // A BLOB, which H2 keeps apart from the row, rather than the in-row binary that the
    // persistence provider would choose.
    @Lob
    @Column(name = "CONTENT", columnDefinition = "BLOB")
    private byte[] content;

    /** For Jakarta Persistence. */
    protected StoredMessage() {
    }

    /**
     * A row for a message just written into the Maildir.
     *
     * @param envelope the message's envelope
     * @param size its size in octets
     * @param maildirFile its file name in the Maildir
     * @param content its content, or null when it is larger than {@link #CONTENT_LIMIT}
     */
    public StoredMessage(Envelope envelope, long size, String maildirFile, byte[] content) {
        this.receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
        this.sessionId = envelope.session().sessionId();
        this.clientIp = envelope.session().clientIp();
        this.reversePath = envelope.reversePath().toString();
        this.recipients = envelope.forwardPaths().stream()
                .map(Object::toString)
                .collect(Collectors.joining(", "));
        this.size = size;
        this.maildirFile = maildirFile;
        this.content = content;
    }

    /** The file's name in the Maildir. */
    public String maildirFile() {
        return maildirFile;
    }
}
