package org.smtpra.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.SessionInfo;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.SessionChannel;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.SessionIds;
import org.smtpra.protocol.SmtpSession;

/**
 * Connects one Netty channel to one {@link SmtpSession}: bytes in, replies out. Input is
 * paused while the session waits for a decision, and also while replies pile up unread in
 * the outbound buffer, so that a client that pipelines without reading cannot make the
 * server buffer without bound. Everything here runs on the channel's event loop, which is
 * also the session's thread.
 */
final class SmtpChannelHandler extends ChannelInboundHandlerAdapter implements SessionChannel {

    private static final Logger LOG = Logger.getLogger(SmtpChannelHandler.class.getName());

    private final SessionConfig config;
    private final ListenerInvoker invoker;
    private ChannelHandlerContext context;
    private SmtpSession session;
    private boolean sessionReading = true;

    SmtpChannelHandler(SessionConfig config, ListenerInvoker invoker) {
        this.config = config;
        this.invoker = invoker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context = ctx;
        SessionInfo info = new SessionInfo(SessionIds.next(),
                (InetSocketAddress) ctx.channel().remoteAddress(),
                (InetSocketAddress) ctx.channel().localAddress(), null, false, false, null);
        session = new SmtpSession(config, info, invoker, this, ctx.channel().eventLoop());
        session.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buffer = (ByteBuf) msg;
        try {
            session.receive(buffer.nioBuffer());
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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
