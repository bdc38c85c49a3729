package org.smtpra.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.Decision;
import org.smtpra.api.Envelope;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;
import org.smtpra.catalog.ReplyFormatter;
import org.smtpra.policy.Policy;

/**
 * One SMTP session (RFC 5321) from greeting to close: it reads commands and message data,
 * asks the listener for decisions, and writes replies from the catalog. It knows nothing of
 * sockets: bytes come in through {@link #receive}, replies go out through a
 * {@link SessionChannel}.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start()} asks the listener about the connection and greets (220) or refuses;
 *   <li>{@link #receive} is called with input as it arrives, in pieces of any size;
 *   <li>the session ends on QUIT, on a 421 reply, on a decision that disconnects, on
 *       {@link #shutdown()} when the listener closes, or on {@link #disconnected()} when the
 *       client goes away.
 * </ol>
 *
 * <p>Threading: every method must be called on the session's own thread (the connection's
 * event loop), and {@code executor} must run tasks on that thread. A decision is awaited
 * without blocking: the session stops reading, and resumes with the next pipelined command
 * (RFC 2920) once the decision arrives.
 *
 * <p>Invariants: exactly one reply per command, in order; a transaction exists only between
 * an accepted MAIL and the end of DATA, RSET, HELO or EHLO (RFC 5321 4.1.4); a message is
 * acknowledged only after the listener accepted it.
 */
public final class SmtpSession {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());

    private final SessionConfig config;
    private final ReplyFormatter replies;
    private final ListenerInvoker invoker;
    private final Authenticator authenticator;
    private final SessionChannel channel;
    private final SessionExecutor executor;
    private final InputBuffer input = new InputBuffer();
    private final SessionStats stats = new SessionStats();
    private SessionInfo info;
    private Transaction transaction;
    private DataDecoder decoder;
    private Spool spool;
    private boolean inData;
    private boolean waiting;
    private boolean discardingLongLine;
    private SaslExchange sasl;
    private int authFailures;
    private boolean tlsPending;
    /** What the client was doing, for the log line of a rejection. */
    private String stage = "CONNECT";
    /** Input before this offset was sent before a reply the client had to wait for. */
    private long prematureBefore;
    /** The reply being made is one the client must wait for before it sends more. */
    private boolean replyEndsGroup;
    private boolean closing;
    private boolean closed;
    /** The listener's call under way, which a client that leaves abandons. */
    private CompletableFuture<Decision> pendingDecision;
    private Stage pendingStage;
    /** The TLS handshake failed: an implicit-TLS session never had TLS. */
    private boolean tlsBroken;
    private long startedAt;
    private long readyAt;
    private long lastInputAt;
    private Future<?> timer;
    private long timerAt;

    /**
     * @param config the listener's settings
     * @param info the session as known at connect: id and addresses
     * @param invoker reaches the listener that decides
     * @param authenticator checks the credentials of AUTH
     * @param channel where replies go
     * @param executor the session's thread: decisions resume there, timers fire there
     */
    public SmtpSession(SessionConfig config, SessionInfo info, ListenerInvoker invoker,
            Authenticator authenticator, SessionChannel channel, SessionExecutor executor) {
        this.config = config;
        this.replies = config.replies();
        this.info = info;
        this.invoker = invoker;
        this.authenticator = authenticator;
        this.channel = channel;
        this.executor = executor;
    }

    /** The session id, as in every log line of this session. */
    public String id() {
        return info.sessionId();
    }

    /** Asks the listener about the new connection, then greets or refuses. */
    public void start() {
        startedAt = executor.nanoTime();
        readyAt = startedAt;
        lastInputAt = startedAt;
        rearmTimer();
        config.events().sessionOpened();
        LOG.info(() -> "session " + id() + " opened on listener " + config.listenerName()
                + ": client " + info.client() + ", server " + info.server());
        Reply refusal = config.unavailable() != null ? config.unavailable()
                : config.policy().clientRefusal(info.client().getAddress());
        if (refusal != null) {
            send(refusal, null, false, config.unavailable() != null
                    ? "the listener's configuration" : "policy: client address listed");
            close("refused at connect: " + refusal);
            channel.flush();
            return;
        }
        SessionInfo connected = info;
        ask(Stage.CONNECT, connected, l -> l.onConnect(connected), decision -> {
            if (decision.isAccepted()) {
                replyEndsGroup = true;
                send(Reply.SERVICE_READY, null, false);
            } else {
                sendDecision(decision, null, false);
                close("refused at connect");
            }
        });
        channel.flush();
    }

    /** Takes input from the client; it may hold any part of any number of commands. */
    public void receive(ByteBuffer bytes) {
        if (closed) {
            return;
        }
        stats.addInput(bytes.remaining());
        lastInputAt = executor.nanoTime();
        input.append(bytes);
        if (waiting && !readsAhead()) {
            channel.setReading(false);
        }
        process();
        channel.flush();
    }

    /**
     * Whether to go on reading while a decision is pending: up to one command line's worth.
     * What arrives before the reply is written was sent before the client could have seen
     * it, and only input read by then can be told apart as sent too early; past that limit
     * reading pauses, so that a client cannot make the server buffer without bound, and an
     * early talker has had its refusals by then.
     */
    private boolean readsAhead() {
        return input.length() < config.maxCommandLineLength();
    }

    /**
     * The TLS handshake that STARTTLS began has succeeded. The session starts over as RFC
     * 3207 section 4.2 requires: no HELO name, no transaction, no authentication.
     */
    public void tlsStarted(String protocol, String cipherSuite) {
        tlsPending = false;
        readyAt = executor.nanoTime();
        rearmTimer();
        info = info.withTls();
        transaction = null;
        LOG.info(() -> "session " + id() + ": TLS established, " + protocol + " "
                + cipherSuite);
        process();
        channel.flush();
    }

    /**
     * The TLS handshake failed. No reply can reach the client any more, which expects TLS
     * records: the session ends, and its close line says why.
     */
    public void tlsFailed() {
        tlsBroken = true;
        close("TLS handshake failed");
    }

    /** The listener is closing: says "421 Service not available" and closes. */
    public void shutdown() {
        if (closed) {
            return;
        }
        if (waiting) {
            // A decision is on its way; its reply goes out first, then the 421.
            closing = true;
            return;
        }
        send(Reply.SERVICE_NOT_AVAILABLE, null, true);
    }

    /** The connection is gone, whether the client or this side closed it. */
    public void disconnected() {
        cancelTimer();
        long duration = executor.nanoTime() - startedAt;
        config.events().sessionClosed(duration);
        if (spool != null && inData) {
            spool.delete();
        }
        inData = false;
        boolean deciding = pendingDecision != null && !pendingDecision.isDone();
        if (!closed) {
            closed = true;
            stats.setOutcome(deciding ? "client disconnected while the listener decided at "
                    + pendingStage : "client disconnected");
        }
        abandonPendingDecision();
        LOG.info(() -> "session " + id() + " closed: " + stats.summary(duration) + ", "
                + (info.secure() && !tlsBroken ? "TLS" : "no TLS") + ", "
                + (info.user() == null ? "not authenticated" : "authenticated as " + info.user()));
    }

    /**
     * A message the listener accepted just before its client left, so that the reply never
     * went out: it is stored, and its client may send it again. (One accepted after the
     * session abandoned its call is the adapter's to tell.)
     */
    private void logUntoldAcceptance(CompletableFuture<Decision> decided) {
        if (pendingStage != Stage.DATA || decided.isCompletedExceptionally()) {
            return;
        }
        Decision decision = decided.join();
        if (decision != null && decision.isAccepted()) {
            LOG.info(() -> "session " + id() + ": the listener accepted the message as the "
                    + "client left, before the reply: it stands, and the client may send it "
                    + "again");
        }
    }

    /**
     * Tells the listener's call under way that nobody waits for it any more. The adapter
     * then rolls back the bean's transaction unless it has committed: a client that left
     * before its reply sends the message again, and would otherwise leave a second copy.
     */
    private void abandonPendingDecision() {
        if (pendingDecision != null) {
            if (!pendingDecision.cancel(false)) {
                // The decision came first, and its reply has not gone out.
                logUntoldAcceptance(pendingDecision);
            }
            pendingDecision = null;
        }
    }

    private void process() {
        while (!waiting && !tlsPending && !closed && !input.isEmpty()) {
            boolean progressed = inData ? processData() : processLine();
            if (!progressed) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- command lines

    private boolean processLine() {
        int cr = input.findCrlf();
        if (cr < 0) {
            if (input.length() > config.maxCommandLineLength()) {
                discardingLongLine = true;
                input.discardKeepingFinalCr();
            }
            return false;
        }
        int lineStart = input.start();
        int lineLength = cr - lineStart;
        boolean premature = input.consumedTotal() < prematureBefore;
        input.consume(lineLength + 2);
        readyAt = executor.nanoTime();
        if (discardingLongLine || lineLength + 2 > config.maxCommandLineLength()) {
            discardingLongLine = false;
            sasl = null;
            reply(Reply.LINE_TOO_LONG);
            return true;
        }
        String line = decodeLine(input.array(), lineStart, lineLength);
        if (line == null) {
            sasl = null;
            reply(Reply.INVALID_CHARACTER);
        } else if (sasl != null) {
            LOG.fine(() -> "session " + id() + " C: (an AUTH response, not logged)");
            continueAuth(sasl.respond(line));
        } else if (premature && config.strictPipelining()) {
            refusePremature(line);
        } else {
            command(line);
        }
        return true;
    }

    /**
     * A command the client sent before the reply it had to wait for: before the greeting,
     * before PIPELINING was announced, or after a command that ends a group. It is not run,
     * since the client could not know the state it would run in.
     */
    private void refusePremature(String line) {
        stats.countCommand();
        stage = "unsynchronized input";
        replyEndsGroup = !info.extended();
        LOG.fine(() -> "session " + id() + " C: (sent too early) " + traced(
                Verb.lookup(line.split(" ", 2)[0]), line));
        send(Reply.BAD_SEQUENCE, null, true, "sent before the reply it had to wait for "
                + "(RFC 5321 3.1, RFC 2920 3.1)");
    }

    /**
     * The command line as text, or null when it holds a control character (NUL, a bare CR
     * or LF, ...) or bytes that are not UTF-8. Non-ASCII text passes here; the grammar of
     * each command decides where it may stand (RFC 6531 only allows it in paths).
     */
    private static String decodeLine(byte[] bytes, int start, int length) {
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                return null;
            }
            ascii &= b < 0x80;
        }
        if (ascii) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void command(String line) {
        stats.countCommand();
        int space = line.indexOf(' ');
        Verb verb = Verb.lookup(space < 0 ? line : line.substring(0, space));
        String argument = space < 0 ? "" : line.substring(space + 1).stripTrailing();
        LOG.fine(() -> "session " + id() + " C: " + traced(verb, line));
        stage = verb == null ? "unknown command" : verb.name();
        // Before PIPELINING was announced, every command waits for its reply.
        replyEndsGroup = !info.extended() || verb != null && verb.endsGroup();
        if (verb == null) {
            reply(Reply.COMMAND_UNRECOGNIZED);
            if (ForeignProtocol.isForeign(line)) {
                // A browser or proxy speaking HTTP to this port: a web page could otherwise
                // smuggle SMTP commands in a form's body (cross-protocol scripting).
                close("a command of another protocol");
            }
            return;
        }
        Reply refusal = argumentRefusal(verb, argument);
        if (refusal == null && verb.isMailCommand()) {
            refusal = securityRefusal();
        }
        if (refusal != null) {
            reply(refusal);
            return;
        }
        dispatch(verb, argument);
    }

    /**
     * The command as the trace shows it. AUTH arguments are credentials, and so may be a line
     * that is no command at all: a client that pipelines its SASL responses after an AUTH
     * that failed sends them as commands. Neither is ever logged.
     */
    private static String traced(Verb verb, String line) {
        if (verb == null) {
            return "(unrecognized, " + line.length() + " characters)";
        }
        return verb == Verb.AUTH ? "AUTH (arguments not logged)" : line;
    }

    private static Reply argumentRefusal(Verb verb, String argument) {
        return switch (verb.argument()) {
            case UNIMPLEMENTED -> Reply.COMMAND_NOT_IMPLEMENTED;
            case NONE -> argument.isEmpty() ? null : Reply.SYNTAX_ERROR_IN_PARAMETERS;
            case REQUIRED -> argument.isEmpty() ? Reply.SYNTAX_ERROR_IN_PARAMETERS : null;
            case OPTIONAL -> null;
        };
    }

    /**
     * A listener for submission requires TLS or authentication before mail: RFC 3207 section
     * 4 names 530 for the former, which the catalog gives as 550; RFC 4954 section 6 names
     * 530 for the latter.
     */
    private Reply securityRefusal() {
        if (config.requireTls() && !info.secure()) {
            return Reply.STARTTLS_REQUIRED;
        }
        if (config.requireAuth() && info.user() == null) {
            return Reply.AUTHENTICATION_REQUIRED;
        }
        return null;
    }

    private void dispatch(Verb verb, String argument) {
        switch (verb) {
            case HELO -> helo(argument, false);
            case EHLO -> helo(argument, true);
            case MAIL -> mail(argument);
            case RCPT -> rcpt(argument);
            case DATA -> data();
            case RSET -> rset();
            case NOOP -> reply(Reply.OK);
            case QUIT -> quit();
            case VRFY -> reply(Reply.CANNOT_VERIFY_USER);
            case HELP -> reply(Reply.HELP);
            case STARTTLS -> starttls();
            case AUTH -> auth(argument);
            default -> reply(Reply.COMMAND_NOT_IMPLEMENTED);
        }
    }

    // ---------------------------------------------------------------- commands

    /** HELO and EHLO (RFC 5321 4.1.1.1); either one also ends any transaction (4.1.4). */
    private void helo(String name, boolean extended) {
        if (!HeloName.isValid(name)) {
            reply(Reply.SYNTAX_ERROR_IN_PARAMETERS);
            return;
        }
        Reply refusal = config.policy().heloRefusal(name, PathParser.isAddressLiteral(name));
        if (refusal != null) {
            send(refusal, null, true, "policy: HELO name " + name);
            return;
        }
        transaction = null;
        SessionInfo greeted = info.withHelo(name, extended);
        ask(Stage.HELO, greeted, l -> l.onHelo(greeted), decision -> {
            if (!decision.isAccepted()) {
                sendDecision(decision, null, true);
                return;
            }
            info = greeted;
            if (extended) {
                byte[] lines = replies.formatMultiline(Reply.GREETING, info.clientIp(),
                        extensions());
                channel.write(lines);
                replied();
                logReply(Reply.GREETING, lines, null);
                config.events().replySent(Reply.GREETING);
            } else {
                send(Reply.GREETING, null, false);
            }
        });
    }

    /** The EHLO keywords, each implemented in full. */
    private List<String> extensions() {
        List<String> keywords = new ArrayList<>(7);
        keywords.add("PIPELINING");
        keywords.add("SIZE " + config.maxMessageSize());
        keywords.add("8BITMIME");
        keywords.add("ENHANCEDSTATUSCODES");
        keywords.add("SMTPUTF8");
        if (config.tlsMode() == TlsMode.STARTTLS && !info.secure()) {
            keywords.add("STARTTLS");
        }
        if (authOffered()) {
            keywords.add("AUTH " + String.join(" ", config.authMechanisms().stream().sorted()
                    .toList()));
        }
        return keywords;
    }

    /**
     * AUTH is offered when mechanisms are configured and the connection is encrypted, since
     * PLAIN and LOGIN send the password as it is; a setting allows it in clear for tests.
     */
    private boolean authOffered() {
        return !config.authMechanisms().isEmpty()
                && (info.secure() || config.allowPlaintextAuth());
    }

    /** MAIL (RFC 5321 4.1.1.2). */
    private void mail(String argument) {
        if (info.heloName() == null || transaction != null) {
            reply(Reply.BAD_SEQUENCE);
            return;
        }
        if (stats.transactions() >= config.maxTransactions()) {
            reply(Reply.TOO_MANY_TRANSACTIONS);
            return;
        }
        Transaction opened;
        try {
            opened = openTransaction(argument);
        } catch (SyntaxException e) {
            refuse(e);
            return;
        }
        Path reversePath = opened.reversePath();
        Reply refusal = senderRefusal(reversePath);
        if (refusal != null) {
            send(refusal, reversePath.address(), true, "policy: sender " + reversePath);
            return;
        }
        Envelope envelope = opened.envelope(info);
        ask(Stage.MAIL, info, l -> l.onMailFrom(envelope), decision -> {
            if (!decision.isAccepted()) {
                sendDecision(decision, reversePath.address(), true);
                return;
            }
            transaction = opened;
            stats.countTransaction();
            reply(Reply.OK);
        });
    }

    /** The transaction MAIL's argument asks for: its reverse-path and its parameters. */
    private Transaction openTransaction(String argument) throws SyntaxException {
        PathArgument parsed = PathArgument.split(argument, "FROM:");
        MailParameters.check(parsed.parameters(), info.extended(), config.maxMessageSize(),
                authOffered());
        Path reversePath;
        try {
            reversePath = parsed.path(MailParameters.utf8(parsed.parameters()));
        } catch (SyntaxException e) {
            // RFC 6531 3.5 answers a sender with UTF-8 with 550, a recipient with 553.
            throw e.reply() == Reply.MAILBOX_NAME_NOT_ALLOWED
                    ? new SyntaxException(Reply.NON_ASCII_SENDER, e.getMessage()) : e;
        }
        if (reversePath.isPostmaster()) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, "no domain");
        }
        return new Transaction(reversePath, parsed.parameters());
    }

    /**
     * The lists of senders, and on an MX the rule that a local domain's sender must have
     * authenticated or come from the relay networks.
     */
    private Reply senderRefusal(Path reversePath) {
        Reply listed = config.policy().senderRefusal(reversePath);
        if (listed != null) {
            return listed;
        }
        boolean trusted = info.user() != null
                || config.relayNetworks().contains(info.client().getAddress());
        if (config.policy().localSendersMustAuthenticate() && !trusted && !reversePath.isNull()
                && config.isLocalDomain(reversePath.domain())) {
            return Reply.USE_SUBMISSION_SERVER;
        }
        return null;
    }

    /** RCPT (RFC 5321 4.1.1.3), with the duplicate, limit and relay checks before the ask. */
    private void rcpt(String argument) {
        if (transaction == null) {
            reply(Reply.BAD_SEQUENCE_MAIL_FIRST);
            return;
        }
        Path forwardPath;
        try {
            forwardPath = forwardPath(argument);
        } catch (SyntaxException e) {
            refuse(e);
            return;
        }
        transaction.countRecipientAttempt();
        Reply refusal = recipientRefusal(forwardPath);
        if (refusal != null) {
            send(refusal, refusal == Reply.RELAY_FROM_SENDER_DENIED
                    ? transaction.reversePath().address() : forwardPath.address(), true,
                    "recipient " + forwardPath);
            return;
        }
        Transaction current = transaction;
        Envelope envelope = current.envelope(info);
        ask(Stage.RCPT, info, l -> l.onRecipient(envelope, forwardPath), decision -> {
            if (!decision.isAccepted()) {
                sendDecision(decision, forwardPath.address(), true);
                return;
            }
            current.addRecipient(forwardPath);
            if (decision.reply() == Reply.USER_NOT_LOCAL_WILL_FORWARD) {
                send(Reply.USER_NOT_LOCAL_WILL_FORWARD, decision.address(), true);
            } else {
                reply(Reply.OK);
            }
        });
    }

    /** RCPT takes no parameters here: DSN (RFC 3461) is not offered. */
    private Path forwardPath(String argument) throws SyntaxException {
        PathArgument parsed = PathArgument.split(argument, "TO:");
        if (!parsed.parameters().isEmpty()) {
            throw new SyntaxException(Reply.PARAMETER_NOT_RECOGNIZED, "RCPT parameter");
        }
        Path path = parsed.path(transaction.utf8());
        if (path.isNull()) {
            throw new SyntaxException(Reply.SYNTAX_ERROR_IN_PARAMETERS, "null forward-path");
        }
        return path;
    }

    private Reply recipientRefusal(Path forwardPath) {
        if (transaction.hasRecipient(forwardPath)) {
            return Reply.DUPLICATE_RECIPIENT;
        }
        if (transaction.recipientCount() >= config.maxRecipients()) {
            // RFC 5321 4.5.3.1.10: a recipient limit is signalled with 452.
            transaction.countExcessRecipient();
            return Reply.TOO_MANY_RECIPIENTS;
        }
        Reply listed = config.policy().recipientRefusal(forwardPath);
        return listed != null ? listed : relayRefusal(forwardPath);
    }

    /**
     * Mail for a local domain, and for the bare Postmaster (RFC 5321 4.5.1), is always taken.
     * Mail for elsewhere is relayed for authenticated users, and for the relay networks;
     * when relay senders are set, only for those senders, and then a listed sender from
     * another network is refused for its address, a network's other senders for theirs.
     */
    private Reply relayRefusal(Path forwardPath) {
        Policy policy = config.policy();
        if (forwardPath.isPostmaster() || config.isLocalDomain(forwardPath.domain())
                || policy.authenticatedRelay() && info.user() != null) {
            return null;
        }
        boolean network = config.relayNetworks().contains(info.client().getAddress());
        boolean anySender = policy.relaySenders().isEmpty();
        boolean sender = !anySender && policy.relaySenders().matches(transaction.reversePath());
        if (network) {
            return anySender || sender ? null : Reply.RELAY_FROM_SENDER_DENIED;
        }
        return sender ? Reply.RELAY_FROM_CLIENT_DENIED : Reply.RELAY_TO_DENIED;
    }

    /** DATA (RFC 5321 4.1.1.4). */
    private void data() {
        if (transaction == null) {
            reply(Reply.BAD_SEQUENCE_MAIL_FIRST);
            return;
        }
        if (transaction.recipientCount() == 0) {
            reply(transaction.hadRecipientAttempts()
                    ? Reply.NO_VALID_RECIPIENTS : Reply.BAD_SEQUENCE_RCPT_FIRST);
            return;
        }
        if (config.strictPipelining() && !input.isEmpty()) {
            // RFC 2920 3.1: DATA ends a group; content sent before the 354 could be a
            // smuggled transaction as well as a message, and is read as neither. The
            // session closes, and RFC 5321 3.8 has a server that closes say 421 first.
            send(Reply.SERVICE_NOT_AVAILABLE, null, true, "message data before the 354 reply");
            close("message data sent before the 354 reply");
            return;
        }
        byte[] trace = TraceField.received(transaction.envelope(info), config.serverName(),
                stats.transactions(), ZonedDateTime.now());
        spool = new Spool(config.spoolDirectory(), config.spoolThreshold(),
                config.maxMessageSize() + trace.length);
        spool.write(trace, 0, trace.length);
        decoder = new DataDecoder(spool, config.maxTextLineLength());
        inData = true;
        rearmTimer();
        send(Reply.START_MAIL_INPUT, null, false);
    }

    /** STARTTLS (RFC 3207). */
    private void starttls() {
        if (config.tlsMode() != TlsMode.STARTTLS) {
            reply(Reply.COMMAND_NOT_IMPLEMENTED);
            return;
        }
        if (info.secure()) {
            reply(Reply.BAD_SEQUENCE);
            return;
        }
        byte[] ready = replies.format(Reply.READY_TO_START_TLS, true, info.clientIp(), null);
        Reply refusal = channel.startTls(ready);
        if (refusal != null) {
            reply(refusal);
            return;
        }
        logReply(Reply.READY_TO_START_TLS, ready, null);
        config.events().replySent(Reply.READY_TO_START_TLS);
        // CVE-2011-0411: whatever the client sent after STARTTLS in clear must not run
        // inside TLS (RFC 3207 section 4.2), so it is dropped unread.
        input.clear();
        tlsPending = true;
    }

    /** AUTH (RFC 4954 section 4). */
    private void auth(String argument) {
        int space = argument.indexOf(' ');
        String mechanism = (space < 0 ? argument : argument.substring(0, space))
                .toUpperCase(java.util.Locale.ROOT);
        Reply refusal = authRefusal(mechanism);
        if (refusal != null) {
            reply(refusal);
            return;
        }
        sasl = new SaslExchange(mechanism);
        continueAuth(sasl.start(space < 0 ? null : argument.substring(space + 1).strip()));
    }

    private Reply authRefusal(String mechanism) {
        if (config.authMechanisms().isEmpty()) {
            return Reply.COMMAND_NOT_IMPLEMENTED;
        }
        if (!info.extended() || info.user() != null || transaction != null) {
            return Reply.BAD_SEQUENCE;
        }
        if (!SaslExchange.MECHANISMS.contains(mechanism)) {
            return Reply.UNRECOGNIZED_AUTHENTICATION_TYPE;
        }
        if (!config.authMechanisms().contains(mechanism)) {
            return Reply.AUTHENTICATION_MECHANISM_TOO_WEAK;
        }
        if (!info.secure() && !config.allowPlaintextAuth()) {
            return Reply.ENCRYPTION_REQUIRED;
        }
        return null;
    }

    private void continueAuth(SaslExchange.Next next) {
        if (next instanceof SaslExchange.Challenge challenge) {
            send(challenge.prompt(), null, false);
            return;
        }
        sasl = null;
        if (next instanceof SaslExchange.Failure failure) {
            LOG.fine(() -> "session " + id() + ": AUTH failed, " + failure.detail());
            if (failure.reply() == Reply.INVALID_CREDENTIALS) {
                authenticationFailed();
            } else {
                reply(failure.reply());
            }
            return;
        }
        SaslExchange.Credentials credentials = (SaslExchange.Credentials) next;
        String user = credentials.user();
        await(authenticator.authenticate(info, user, credentials.password()), verdict -> {
            config.events().authentication(verdict == Authenticator.Verdict.VALID);
            if (verdict == Authenticator.Verdict.VALID) {
                authenticated(user);
            } else {
                authenticationFailed();
            }
        }, cause -> {
            LOG.log(Level.WARNING, cause, () -> "session " + id()
                    + ": the security realm could not check a password");
            reply(Reply.TEMPORARY_AUTHENTICATION_FAILURE);
        });
    }

    private void authenticated(String user) {
        SessionInfo candidate = info.withUser(user);
        ask(Stage.AUTH, candidate, l -> l.onAuthenticated(candidate), decision -> {
            if (!decision.isAccepted()) {
                sendDecision(decision, null, true);
                return;
            }
            info = candidate;
            LOG.info(() -> "session " + id() + ": authenticated as " + user);
            reply(Reply.AUTHENTICATION_SUCCEEDED);
        });
    }

    /**
     * Answers a failed AUTH after the listener's pause, without holding a thread; whatever
     * the client sends meanwhile waits unread.
     */
    private void authenticationFailed() {
        Duration pause = config.authFailureDelay();
        if (pause.isZero()) {
            answerAuthenticationFailure();
            return;
        }
        CompletableFuture<Void> paused = new CompletableFuture<>();
        executor.schedule(() -> paused.complete(null), pause.toNanos());
        await(paused, ignored -> answerAuthenticationFailure(),
                ignored -> answerAuthenticationFailure());
    }

    /** RFC 4954 section 4 lets a server end a session after repeated failures. */
    private void answerAuthenticationFailure() {
        if (++authFailures >= config.maxAuthFailures()) {
            reply(Reply.TOO_MANY_AUTHENTICATION_FAILURES);
            close("too many authentication failures");
        } else {
            reply(Reply.INVALID_CREDENTIALS);
        }
    }

    private void rset() {
        transaction = null;
        reply(Reply.RESET);
    }

    private void quit() {
        send(Reply.CLOSING, null, true);
        close("QUIT");
    }

    // ---------------------------------------------------------------- message data

    private boolean processData() {
        int result = decoder.decode(input.array(), input.start(), input.end());
        if (result >= 0) {
            input.consume(result);
            return false;
        }
        input.consume(-1 - result);
        endOfData();
        return true;
    }

    /**
     * The message is complete. A message that broke a rule is refused now that it has been
     * read to its end (RFC 1870 section 4); any other goes to the listener, and the reply
     * waits for its decision.
     */
    private void endOfData() {
        inData = false;
        stage = "end of DATA";
        readyAt = executor.nanoTime();
        Spool received = spool;
        Envelope envelope = transaction.envelope(info);
        spool = null;
        transaction = null;
        received.finish();
        Reply refusal = dataRefusal(received);
        if (refusal != null) {
            received.delete();
            messageRejected();
            reply(refusal);
            return;
        }
        SpooledMail mail = new SpooledMail(envelope, received);
        boolean strictMime = config.policy().strictMime();
        ask(Stage.DATA, info, l -> mail.lend(() -> strictMime && !MimeConformance.conforms(mail)
                ? Decision.reject(Reply.MESSAGE_NOT_CONFORMING) : l.onMessage(mail)), decision -> {
            if (decision.isAccepted()) {
                stats.countAccepted(mail.size());
                config.events().messageAccepted(mail.size());
                reply(Reply.OK);
            } else {
                messageRejected();
                sendDecision(decision, null, true);
            }
        }).whenComplete((decision, failure) -> mail.releaseUnlessLent());
    }

    private void messageRejected() {
        stats.countRejected();
        config.events().messageRejected();
    }

    private Reply dataRefusal(Spool received) {
        if (received.exceededLimit()) {
            return Reply.MESSAGE_TOO_BIG;
        }
        if (decoder.receivedFields() >= config.policy().maxHops()) {
            return Reply.TOO_MANY_HOPS;
        }
        if (decoder.sawInvalidCharacter()) {
            return Reply.INVALID_CHARACTER;
        }
        if (decoder.sawLineTooLong()) {
            return Reply.LINE_TOO_LONG;
        }
        if (received.failure() != null) {
            LOG.log(Level.WARNING, received.failure(), () -> "session " + id()
                    + ": cannot write to the spool folder " + config.spoolDirectory());
            return Reply.INSUFFICIENT_STORAGE;
        }
        return null;
    }

    // ---------------------------------------------------------------- decisions

    /**
     * Asks the listener and continues with {@code then} once it has decided; a failure of
     * the listener gets a temporary failure reply.
     *
     * @param session the session as the listener should see it, its user included
     * @return the decision's future, for clean-up that must follow it whatever happens
     */
    private CompletableFuture<Decision> ask(Stage stage, SessionInfo session,
            Function<SmtpListener, Decision> call, Consumer<Decision> then) {
        CompletionStage<Decision> decision;
        long asked = executor.nanoTime();
        try {
            decision = invoker.invoke(stage, session, call);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Decision> underway = decision.toCompletableFuture();
        if (!underway.isDone()) {
            pendingDecision = underway;
            pendingStage = stage;
        }
        decision = decision.whenComplete((result, failure) -> config.events().decided(stage,
                executor.nanoTime() - asked));
        return await(decision, result -> {
            if (result == null) {
                listenerFailed(stage, new NullPointerException("no decision"));
                return;
            }
            then.accept(result);
            if (result.disconnects() && !closed) {
                close("disconnected by the listener at " + stage);
            }
        }, cause -> listenerFailed(stage, cause));
    }

    /**
     * Continues with {@code then}, or {@code failed}, once {@code pending} completes. A
     * result that is ready at once is handled at once; otherwise the session reads no more
     * than {@link #readsAhead()} allows and resumes on its own thread when the result
     * arrives, or fails with a timeout when it has not arrived within the decision timeout;
     * a result that comes later is dropped.
     */
    private <T> CompletableFuture<T> await(CompletionStage<T> pending, Consumer<T> then,
            Consumer<Throwable> failed) {
        CompletableFuture<T> future = pending.toCompletableFuture();
        if (future.isDone()) {
            complete(future, then, failed);
            return future;
        }
        waiting = true;
        channel.setReading(readsAhead());
        channel.flush();
        Future<?> deadline = executor.schedule(() -> future.completeExceptionally(
                new DecisionTimeoutException("no decision within "
                        + config.decisionTimeout())), config.decisionTimeout().toNanos());
        future.whenCompleteAsync((result, cause) -> {
            deadline.cancel(false);
            resume(future, then, failed);
        }, executor);
        return future;
    }

    private <T> void resume(CompletableFuture<T> future, Consumer<T> then,
            Consumer<Throwable> failed) {
        waiting = false;
        pendingDecision = null;
        readyAt = executor.nanoTime();
        rearmTimer();
        if (closed) {
            return;
        }
        complete(future, then, failed);
        if (closing && !closed) {
            send(Reply.SERVICE_NOT_AVAILABLE, null, true);
        }
        if (!closed) {
            channel.setReading(true);
            process();
        }
        channel.flush();
    }

    private static <T> void complete(CompletableFuture<T> future, Consumer<T> then,
            Consumer<Throwable> failed) {
        T result;
        try {
            result = future.join();
        } catch (CompletionException | CancellationException e) {
            failed.accept(e.getCause() == null ? e : e.getCause());
            return;
        }
        then.accept(result);
    }

    /**
     * The listener threw or could not be reached: the client gets a temporary failure and
     * tries again later (RFC 5321 4.2.5), and the log gets the cause.
     */
    private void listenerFailed(Stage stage, Throwable cause) {
        if (cause instanceof DecisionTimeoutException) {
            // One line: the stack of a timeout says nothing, and a crowd of clients waiting
            // for a slow bean would fill the log with them.
            LOG.warning(() -> "session " + id() + ": the listener did not decide at " + stage
                    + " within " + config.decisionTimeout().toSeconds() + " s");
        } else {
            LOG.log(Level.WARNING, cause, () -> "session " + id()
                    + ": the listener failed at " + stage);
        }
        if (stage == Stage.DATA) {
            messageRejected();
        }
        send(FailureReplies.forFailure(stage, cause), null, stage != Stage.CONNECT,
                "the listener failed: " + cause);
    }

    /**
     * A reply has been written. If the client had to wait for it, whatever it has sent so
     * far it sent too early.
     */
    private void replied() {
        if (replyEndsGroup) {
            prematureBefore = input.receivedTotal();
            replyEndsGroup = false;
        }
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * The moment the session gives up on the client: the command timeout counts from when
     * the server became ready for the next command, so a client that trickles a command
     * byte by byte gains nothing; the data timeout counts from the last bytes of a message
     * (known limit: so a client that sends a packet just within it holds the session until
     * the session timeout); the session timeout bounds everything. While a decision or a
     * TLS handshake is pending the client is not at fault, and only the session timeout
     * runs.
     */
    private long deadline() {
        long session = startedAt + config.sessionTimeout().toNanos();
        if (waiting || tlsPending) {
            return session;
        }
        long phase = inData ? lastInputAt + config.dataTimeout().toNanos()
                : readyAt + config.commandTimeout().toNanos();
        return phase - session < 0 ? phase : session;
    }

    /**
     * One timer serves every deadline: it fires at the earliest one known when it was set
     * and, when the deadline has moved since, sets itself again for the new one. Only a
     * deadline that moves earlier, as when DATA begins or a decision arrives, needs
     * {@link #rearmTimer()}.
     */
    private void onTimer() {
        timer = null;
        if (closed) {
            return;
        }
        long now = executor.nanoTime();
        long deadline = deadline();
        if (now - deadline >= 0) {
            timedOut();
        } else {
            schedule(deadline, now);
        }
    }

    private void rearmTimer() {
        long deadline = deadline();
        if (timer != null && timerAt - deadline <= 0) {
            return;
        }
        cancelTimer();
        schedule(deadline, executor.nanoTime());
    }

    private void schedule(long deadline, long now) {
        timerAt = deadline;
        timer = executor.schedule(this::onTimer, Math.max(0, deadline - now));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void timedOut() {
        String phase = inData ? "message data" : "a command";
        stage = "waiting for " + phase;
        LOG.info(() -> "session " + id() + " from " + info.clientIp() + ": timed out waiting "
                + "for " + phase);
        send(Reply.TIMEOUT, null, true);
        close("timeout waiting for " + phase);
    }

    // ---------------------------------------------------------------- replies

    private void refuse(SyntaxException e) {
        send(e.reply(), null, true, e.getMessage());
    }

    private void reply(Reply reply) {
        send(reply, null, true);
    }

    private void reply(Reply reply, String address) {
        send(reply, address, true);
    }

    private void sendDecision(Decision decision, String stageAddress, boolean enhanced) {
        String address = decision.address() != null ? decision.address() : stageAddress;
        send(decision.reply(), address, enhanced, "the listener's decision");
    }

    /**
     * Writes one reply. Negative replies count as errors; past the limit the session answers
     * "421 Too much failure" instead and closes, which also ends any directory harvest. A
     * 421 always closes the connection (RFC 5321 3.8).
     */
    private void send(Reply reply, String address, boolean enhanced) {
        send(reply, address, enhanced, null);
    }

    /** Writes one reply; {@code reason}, when known, goes into the log line of a refusal. */
    private void send(Reply reply, String address, boolean enhanced, String reason) {
        Reply sent = reply;
        String why = reason;
        if (countsAsError(reply) && stats.countError() > config.maxErrors()) {
            sent = Reply.TOO_MANY_ERRORS;
            why = "more than " + config.maxErrors() + " errors";
        }
        byte[] line = replies.format(sent, enhanced, info.clientIp(), address);
        channel.write(line);
        replied();
        logReply(sent, line, why);
        config.events().replySent(sent);
        if (sent.isNegative()) {
            config.events().refused(stage, sent);
        }
        if (replies.code(sent) == 421) {
            close(sent.name());
        }
    }

    /**
     * A negative reply is an error of the client's, but for replies that close the session
     * anyway, and for the recipient limit, after which RFC 5321 4.5.3.1.10 expects the client
     * to go on with the rest in a new transaction. As in Postfix (its recipient overshoot),
     * that holds for as many recipients again as the limit; past them each counts, so that
     * a client cannot offer recipients without end.
     */
    private boolean countsAsError(Reply reply) {
        if (reply == Reply.TOO_MANY_RECIPIENTS) {
            return transaction != null
                    && transaction.excessRecipients() > config.maxRecipients();
        }
        return reply.isNegative() && replies.code(reply) != 421;
    }

    /**
     * The recipient limit's 452s that do not count as errors are logged once a transaction,
     * at the first: the log gets no line per recipient of a long list.
     */
    private boolean isRepeatedLimitReply(Reply reply) {
        return reply == Reply.TOO_MANY_RECIPIENTS && transaction != null
                && transaction.excessRecipients() > 1 && !countsAsError(reply);
    }

    /**
     * One INFO line per refusal, with what a reader of the log needs to follow it: the
     * session, the stage, the client, the catalog id and the reply as sent, and why.
     */
    private void logReply(Reply reply, byte[] line, String reason) {
        if (reply.isNegative() && !isRepeatedLimitReply(reply)) {
            String stageNow = stage;
            LOG.info(() -> "session " + id() + " refused at " + stageNow + " from "
                    + info.clientIp() + ": " + reply.id() + " "
                    + new String(line, StandardCharsets.US_ASCII).strip()
                    + (reason == null ? "" : " (" + reason + ")"));
        } else {
            // One log line even for the lines of the EHLO reply, so that grep finds it.
            LOG.fine(() -> "session " + id() + " S: "
                    + new String(line, StandardCharsets.US_ASCII).strip()
                            .replace("\r\n", "\\r\\n"));
        }
    }

    private void close(String outcome) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        stats.setOutcome(outcome);
        channel.close();
    }
}
