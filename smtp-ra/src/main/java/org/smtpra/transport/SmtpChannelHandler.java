package org.smtpra.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSession;
import org.smtpra.api.Reply;
import org.smtpra.api.SessionInfo;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.SessionChannel;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.SessionIds;
import org.smtpra.protocol.SmtpSession;
import org.smtpra.protocol.TlsMode;

/**
 * Connects one Netty channel to one {@link SmtpSession}: bytes in, replies out. Input is
 * paused while the session waits for a decision, and also while replies pile up unread in
 * the outbound buffer, so that a client that pipelines without reading cannot make the
 * server buffer without bound. Everything here runs on the channel's event loop, which is
 * also the session's thread.
 */
final class SmtpChannelHandler extends ChannelInboundHandlerAdapter implements SessionChannel {

    private static final Logger LOG = Logger.getLogger(SmtpChannelHandler.class.getName());
    /** The longest reason a log line gives for a failed handshake. */
    private static final int MAX_REASON = 200;

    private final SessionConfig config;
    private final ListenerInvoker invoker;
    private final Authenticator authenticator;
    private final ServerTls tls;
    private final Semaphore handshakes;
    private ChannelHandlerContext context;
    private boolean handshakePending;
    private SmtpSession session;
    private boolean sessionReading = true;

    SmtpChannelHandler(SessionConfig config, ListenerInvoker invoker,
            Authenticator authenticator, ServerTls tls, Semaphore handshakes) {
        this.config = config;
        this.invoker = invoker;
        this.authenticator = authenticator;
        this.tls = tls;
        this.handshakes = handshakes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context = ctx;
        if (!config.proxyProtocol()) {
            begin((InetSocketAddress) ctx.channel().remoteAddress());
        }
    }

    /** Starts the session once the client's address is known. */
    void begin(InetSocketAddress client) {
        boolean implicitTls = config.tlsMode() == TlsMode.IMPLICIT;
        SessionInfo info = new SessionInfo(SessionIds.next(), client,
                (InetSocketAddress) context.channel().localAddress(), null, false,
                implicitTls, null);
        session = new SmtpSession(config, info, invoker, authenticator, this,
                new LoopExecutor(context.channel().eventLoop()));
        session.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buffer = (ByteBuf) msg;
        try {
            if (session != null) {
                session.receive(buffer.nioBuffer());
            }
        } finally {
            buffer.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    /** The outcome of a TLS handshake, STARTTLS or implicit. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof SslHandshakeCompletionEvent handshake)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        handshakeEnded();
        config.events().tlsHandshake(handshake.isSuccess());
        if (!handshake.isSuccess()) {
            // No reply is possible any more: the client expects TLS records, not a 452.
            LOG.info(() -> "session " + session.id() + ": TLS handshake with "
                    + ctx.channel().remoteAddress() + " failed: " + reason(handshake.cause()));
            session.tlsFailed();
            ctx.close();
            return;
        }
        SSLSession tlsSession = ctx.pipeline().get(SslHandler.class).engine().getSession();
        if (config.tlsMode() == TlsMode.STARTTLS) {
            session.tlsStarted(tlsSession.getProtocol(), tlsSession.getCipherSuite());
        } else {
            LOG.info(() -> "session " + session.id() + ": TLS established, "
                    + tlsSession.getProtocol() + " " + tlsSession.getCipherSuite());
        }
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        // The deepest cause that says something: JSSE wraps parse failures in exceptions
        // whose own message is empty.
        Throwable telling = cause.getMessage() == null ? null : cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null) {
                telling = root;
            }
        }
        if (root instanceof ClosedChannelException) {
            // Netty's stackless variant has no message: say what it means.
            return "the client closed the connection during the handshake";
        }
        if (root instanceof NotSslRecordException) {
            // Its message is a hex dump of what the client sent, up to 16 KB of it.
            return "the client sent something that is not a TLS record";
        }
        if (telling == null) {
            return "the client's TLS data could not be read (" + root.getClass().getSimpleName()
                    + ")";
        }
        return bounded(telling.getClass().getSimpleName() + ": " + telling.getMessage());
    }

    /** Short enough that a client cannot fill the log through an exception's message. */
    private static String bounded(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshakeEnded();
        if (session != null) {
            session.disconnected();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String id = session == null ? "-" : session.id();
        LOG.log(Level.FINE, cause, () -> "session " + id + ": connection error, closing");
        ctx.close();
    }

    /** Ends the session because the listener is closing. */
    void shutdown() {
        if (session != null) {
            session.shutdown();
        }
    }

    @Override
    public void write(byte[] bytes) {
        context.write(Unpooled.wrappedBuffer(bytes), context.voidPromise());
    }

    @Override
    public void flush() {
        context.flush();
    }

    @Override
    public void close() {
        context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Adds TLS in front of this handler once the reply is on its way in clear. Bytes read
     * later go through TLS; the session drops what it had read before.
     */
    @Override
    public Reply startTls(byte[] reply) {
        if (!handshakes.tryAcquire()) {
            LOG.info(() -> "session " + session.id() + ": " + config.maxTlsHandshakes()
                    + " TLS handshakes under way already");
            return Reply.TLS_NOT_AVAILABLE;
        }
        SslHandler handler;
        try {
            handler = tls.newHandler(context.alloc());
        } catch (RuntimeException e) {
            handshakes.release();
            LOG.log(Level.WARNING, e, () -> "session " + session.id()
                    + ": cannot set up TLS with " + tls);
            return Reply.TLS_INITIALIZATION_FAILED;
        }
        handshakePending = true;
        context.writeAndFlush(Unpooled.wrappedBuffer(reply), context.voidPromise());
        context.pipeline().addBefore(context.name(), "tls", handler);
        return null;
    }

    /** Gives back the handshake's place, once, whether it ended or the connection did. */
    private void handshakeEnded() {
        if (handshakePending) {
            handshakePending = false;
            handshakes.release();
        }
    }

    @Override
    public void setReading(boolean reading) {
        sessionReading = reading;
        updateAutoRead();
    }

    private void updateAutoRead() {
        boolean read = sessionReading && context.channel().isWritable();
        context.channel().config().setAutoRead(read);
    }
}
