package org.smtpra.sample;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Mail;
import org.smtpra.api.Reply;
import org.smtpra.api.SmtpListener;

/**
 * A sample mailbox server for example.com: every mailbox exists except a few that show the
 * decisions a bean can make, and every accepted message is stored once. Before
 * it stores a message, it does what a mail store does: it keeps the small quota of one
 * mailbox, and refuses a message that carries the EICAR anti-virus test file.
 *
 * <p>A message is stored in two places within the transaction that decides its reply: a
 * file in the Maildir, the store of record, and a row in a database ({@link StoredMessage}).
 * The adapter sends 250 only once that transaction has committed; when it rolls back, the
 * client gets a 4yz reply, the row is gone and the file is removed ({@link DeliveryOnCommit}).
 * The database is defined in {@link MailStore}.
 *
 * <p>The port comes from the system property {@code smtp.port}, 2525 when it is not set; the
 * Maildir from {@code smtp.maildir}, else the folder {@code maildir} under the server's
 * instance root; the database (H2, a file) from {@code smtp.database}, the path of its file
 * without the {@code .mv.db} suffix, else {@code mailstore} in the server's working folder.
 *
 * <p>With the system property {@code smtp.sample.discard} set to {@code true}, every message
 * is read to its end and accepted without being stored: the bean then costs what the
 * container path costs (the bean call and its transaction), which is what a benchmark of the
 * adapter measures.
 */
// Payara expands ${...} in activation properties when it deploys the bean. A plain
// ${smtp.port} stays as it is when the property is not set, and the deployment then fails
// on "${smtp.port}" not being a number; the MPCONFIG form reads the same system property
// and has a default.
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "port",
                propertyValue = "${MPCONFIG=smtp.port:2525}"),
        @ActivationConfigProperty(propertyName = "localDomains", propertyValue = "example.com")})
// Only storing a message needs a transaction; the other stages only answer.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MailboxBean implements SmtpListener {

    /** The system property that names the Maildir folder. */
    public static final String MAILDIR_PROPERTY = "smtp.maildir";

    /** The system property that makes the bean accept every message and store none. */
    public static final String DISCARD_PROPERTY = "smtp.sample.discard";

    private static final Logger LOG = Logger.getLogger(MailboxBean.class.getName());
    private static final String DOMAIN = "example.com";

    /** The mailbox with a small quota, to show the refusal of a message too large for it. */
    static final String SMALL_MAILBOX = "small";

    /** The quota of {@link #SMALL_MAILBOX}, in octets. */
    static final long SMALL_QUOTA = 1024;

    /**
     * The EICAR anti-virus test file (eicar.org): harmless, and detected by every scanner as
     * if it were a virus, so the sample's stand-in for a virus scanner looks for it alone.
     */
    static final String EICAR =
            "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @PersistenceContext(unitName = MailStore.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    /**
     * Accepts any mailbox, but answers for a few at example.com as a real server would:
     * nobody does not exist, full is over quota for good and full-for-now until its owner
     * cleans up, locked is busy (a mailbox being moved), private refuses mail, moved has a
     * new address.
     */
    @Override
    public Decision onRecipient(Envelope envelope, org.smtpra.api.Path recipient) {
        if (!DOMAIN.equalsIgnoreCase(recipient.domain())) {
            return Decision.accept();
        }
        return switch (recipient.localPart().toLowerCase(Locale.ROOT)) {
            case "nobody" -> Decision.reject(Reply.INVALID_USER);
            case "full" -> Decision.reject(Reply.MAILBOX_FULL);
            case "full-for-now" -> Decision.reject(Reply.MAILBOX_FULL_TEMPORARILY);
            case "locked" -> Decision.reject(Reply.MAIL_ACTION_NOT_TAKEN);
            case "private" -> Decision.reject(Reply.MAILBOX_ACCESS_DENIED);
            case "moved" -> Decision.forward("moved@example.net");
            default -> Decision.accept();
        };
    }

    /**
     * Stores the message, once whatever the number of recipients, unless it is too large for
     * the small mailbox or carries the test virus.
     *
     * <p>It runs in a container transaction, which the adapter watches: the client gets 250
     * once it has committed, and a 4yz reply when it rolls back. A failure is therefore
     * thrown, not answered: the container rolls back, and the adapter names the cause to the
     * client (a full disk "452 4.3.1 ... insufficient system storage", the database "451
     * 4.3.0 ... database in accessible").
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Decision onMessage(Mail mail) {
        try {
            if (Boolean.getBoolean(DISCARD_PROPERTY)) {
                return discard(mail);
            }
            Decision refusal = contentRefusal(mail);
            if (refusal != null) {
                return refusal;
            }
            store(mail);
            return Decision.accept();
        } catch (IOException e) {
            throw new UncheckedIOException("session " + mail.envelope().session().sessionId()
                    + ": cannot store the message in " + maildirRoot(), e);
        }
    }

    /** Reads the message to its end, as a store would, and forgets it. */
    private static Decision discard(Mail mail) throws IOException {
        try (InputStream content = mail.openStream()) {
            content.transferTo(OutputStream.nullOutputStream());
        }
        return Decision.accept();
    }

    /**
     * The refusal of a message no recipient should get: one larger than the small mailbox's
     * quota (554 5.3.4), or one that carries the test virus (554 5.7.1). Both are permanent:
     * sending the same message again cannot help.
     */
    private static Decision contentRefusal(Mail mail) throws IOException {
        boolean forSmall = mail.envelope().forwardPaths().stream()
                .anyMatch(path -> DOMAIN.equalsIgnoreCase(path.domain())
                        && SMALL_MAILBOX.equalsIgnoreCase(path.localPart()));
        if (forSmall && mail.size() > SMALL_QUOTA) {
            return Decision.reject(Reply.STORAGE_ALLOCATION_EXCEEDED);
        }
        return containsEicar(mail) ? Decision.reject(Reply.VIRUS_FOUND) : null;
    }

    /** Line by line: the adapter has refused any line longer than maxTextLineLength. */
    private static boolean containsEicar(Mail mail) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(mail.openStream(),
                StandardCharsets.ISO_8859_1))) {
            return lines.lines().anyMatch(line -> line.contains(EICAR));
        }
    }

    /**
     * Writes the message into the Maildir's tmp/, to be moved into new/ when the transaction
     * commits, and adds its row to the database. This bean is the final delivery, so the
     * file starts with the Return-Path field that RFC 5321 4.4 asks of it, before the
     * adapter's Received field.
     */
    private void store(Mail mail) throws IOException {
        Envelope envelope = mail.envelope();
        Maildir maildir = Maildir.open(maildirRoot());
        String name;
        try (InputStream content = new SequenceInputStream(returnPath(envelope),
                mail.openStream())) {
            name = maildir.write(content);
        }
        transaction.registerInterposedSynchronization(new DeliveryOnCommit(maildir, name));

        entityManager.persist(new StoredMessage(envelope, mail.size(), name, copyOf(mail)));
        // Now rather than at the commit, so that a database failure comes out of this call
        // with its cause, and the client is told which failure it was.
        entityManager.flush();
        LOG.info(() -> "session " + envelope.session().sessionId() + ": stored "
                + mail.size() + " octets from " + envelope.reversePath() + " to "
                + envelope.forwardPaths() + " as " + name + ", to be delivered if the transaction "
                + "commits");
    }

    /** The content for the database, or null when it is too large to hold in memory. */
    private static byte[] copyOf(Mail mail) throws IOException {
        if (mail.size() > StoredMessage.CONTENT_LIMIT) {
            return null;
        }
        try (InputStream content = mail.openStream()) {
            return content.readAllBytes();
        }
    }

    private static InputStream returnPath(Envelope envelope) {
        String field = "Return-Path: " + envelope.reversePath() + "\r\n";
        return new ByteArrayInputStream(field.getBytes(StandardCharsets.UTF_8));
    }

    /** Read at each delivery, so that the folder can be changed without a redeploy. */
    static Path maildirRoot() {
        String configured = System.getProperty(MAILDIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot",
                System.getProperty("java.io.tmpdir"));
        return Path.of(instanceRoot, "maildir");
    }
}
