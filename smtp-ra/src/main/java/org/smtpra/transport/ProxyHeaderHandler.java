package org.smtpra.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.logging.Logger;

/**
 * Reads the PROXY protocol header (v1 or v2, decoded by Netty) that a trusted load balancer
 * sends first, so that the session, its policy and its logs see the real client rather than
 * the balancer. The session starts only once the header is in: the greeting must not go out
 * before the balancer has said who the client is.
 *
 * <p>A LOCAL command (v2) or an UNKNOWN address family (v1), which balancers use for their
 * own health checks, leaves the balancer's address as the client's. A connection whose header
 * does not come within {@link #HEADER_TIMEOUT_SECONDS} seconds, or is malformed, is closed.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    static final long HEADER_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(ProxyHeaderHandler.class.getName());

    private final BiPredicate<ChannelHandlerContext, InetSocketAddress> admit;
    private ScheduledFuture<?> timeout;

    /**
     * @param admit applies the connection limits to the real client, and refuses it when
     *              they say so; false means the connection is being closed
     */
    ProxyHeaderHandler(BiPredicate<ChannelHandlerContext, InetSocketAddress> admit) {
        this.admit = admit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.info(() -> "no PROXY header from " + ctx.channel().remoteAddress()
                    + " within " + HEADER_TIMEOUT_SECONDS + " s, closing");
            ctx.close();
        }, HEADER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // The SMTP handler, told of the connection, waits for the client's address.
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        timeout.cancel(false);
        InetSocketAddress client;
        try {
            client = client(ctx, header);
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
        if (admit.test(ctx, client)) {
            ctx.pipeline().get(SmtpChannelHandler.class).begin(client);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info(() -> "malformed PROXY header from " + ctx.channel().remoteAddress()
                + ", closing: " + cause.getMessage());
        ctx.close();
    }

    private static InetSocketAddress client(ChannelHandlerContext ctx, HAProxyMessage header) {
        if (header.command() == HAProxyCommand.LOCAL || header.sourceAddress() == null) {
            return (InetSocketAddress) ctx.channel().remoteAddress();
        }
        return new InetSocketAddress(header.sourceAddress(), header.sourcePort());
    }
}
