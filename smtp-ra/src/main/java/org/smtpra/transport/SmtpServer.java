package org.smtpra.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpra.api.Reply;
import org.smtpra.protocol.Authenticator;
import org.smtpra.protocol.ListenerInvoker;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.SessionIds;
import org.smtpra.protocol.TlsMode;

/**
 * One SMTP listener: a server socket and the sessions accepted on it.
 *
 * <p>Lifecycle: construct, {@link #start()} binds the socket (and fails at once if the port
 * is taken), {@link #close()} stops accepting, tells every open session "421 &lt;domain&gt;
 * Service not available" and closes it, and frees the port before it returns.
 */
public final class SmtpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String name;
    private final InetSocketAddress bindAddress;
    private final SmtpTransport transport;
    /** What new sessions start with; {@link #update} replaces it as one piece. */
    private volatile Settings settings;
    private final ChannelGroup sessions;
    private Channel serverChannel;

    /**
     * @param name a name for logs, such as the bean's name and port
     * @param bindAddress the address and port to listen on; port 0 picks a free one
     * @param config the settings of the sessions
     * @param invoker how sessions reach the deciding listener
     * @param authenticator checks AUTH credentials
     * @param tls the key for TLS, or null when {@code config} has no TLS mode
     * @param transport the shared I/O threads
     */
    public SmtpServer(String name, InetSocketAddress bindAddress, SessionConfig config,
            ListenerInvoker invoker, Authenticator authenticator, ServerTls tls,
            SmtpTransport transport) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.settings = new Settings(name, config, invoker, authenticator, tls);
        this.transport = transport;
        // The group's own executor is one of our event loops: Netty's global executor would
        // start a thread outside the WorkManager.
        this.sessions = new DefaultChannelGroup(name, transport.group().next());
    }

    /** Binds the listening socket. */
    public synchronized void start() throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Settings current = settings;
                        if (current.config.proxyProtocol()) {
                            if (!acceptProxy(channel, current)) {
                                return;
                            }
                        } else if (!admit(channel, channel.remoteAddress(), current)) {
                            return;
                        }
                        sessions.add(channel);
                        if (current.config.tlsMode() == TlsMode.IMPLICIT) {
                            channel.pipeline().addLast(current.tls.newHandler(
                                    channel.alloc()));
                        }
                        channel.pipeline().addLast(new SmtpChannelHandler(current.config,
                                current.invoker, current.authenticator, current.tls,
                                current.handshakes));
                    }
                });
        ChannelFuture bound = bootstrap.bind(bindAddress).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + bindAddress + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        serverChannel = bound.channel();
        // The adapter logs the opening with its own part of the activation.
        LOG.fine(() -> "SMTP listener " + name + " open on " + localAddress());
    }

    /**
     * Takes a place for a new connection, or refuses it: the client gets the 421 reply and
     * the connection closes at once, without a session and without reading from it, so a
     * flood costs as little as possible.
     */
    private boolean admit(Channel channel, InetSocketAddress address, Settings current) {
        InetAddress client = address.getAddress();
        ConnectionLimits limits = current.limits;
        if (limits.tryAcquire(client)) {
            channel.closeFuture().addListener(closed -> limits.release(client));
            return true;
        }
        refuse(channel, client, Reply.CLIENT_DENIED_TEMPORARILY, current,
                "connection limits, " + limits.open() + " connections open");
        return false;
    }

    /**
     * A listener behind a load balancer takes connections from the trusted balancers only,
     * and only once their PROXY header has named the client are the limits applied, to
     * the client rather than to the balancer.
     */
    private boolean acceptProxy(SocketChannel channel, Settings current) {
        InetAddress peer = channel.remoteAddress().getAddress();
        if (!current.config.trustedProxies().contains(peer)) {
            refuse(channel, peer, Reply.CLIENT_DENIED, current, "not a trusted proxy");
            return false;
        }
        channel.pipeline().addLast(new HAProxyMessageDecoder());
        channel.pipeline().addLast(new ProxyHeaderHandler(
                (ctx, client) -> admit(ctx.channel(), client, current)));
        return true;
    }

    /**
     * Answers before any session, without reading, and closes. The connection still gets a
     * session id, so that its log line reads like every other refusal, and the reply counts
     * in the listener's metrics as one refused at connect.
     */
    private void refuse(Channel channel, InetAddress client, Reply reply, Settings current,
            String reason) {
        channel.config().setAutoRead(false);
        current.config.events().replySent(reply);
        current.config.events().refused("CONNECT", reply);
        byte[] line = current.config.replies().format(reply, false, client.getHostAddress(),
                null);
        channel.writeAndFlush(Unpooled.wrappedBuffer(line))
                .addListener(ChannelFutureListener.CLOSE);
        String id = SessionIds.next();
        LOG.info(() -> "session " + id + " refused at CONNECT by listener " + name + " from "
                + client.getHostAddress() + ": " + reply.id() + " "
                + new String(line, StandardCharsets.US_ASCII).strip() + " (" + reason + ")");
    }

    /**
     * Gives new sessions new settings, keeping the socket bound and the open sessions on
     * the settings they started with: an administrator's change takes effect without a
     * client being turned away. The connection and handshake limits start counting afresh
     * for the new sessions; the old sessions are not counted against them.
     */
    public void update(SessionConfig config, ListenerInvoker invoker,
            Authenticator authenticator, ServerTls tls) {
        ListenerInvoker previous = settings.invoker;
        settings = new Settings(name, config, invoker, authenticator, tls);
        if (previous != invoker) {
            previous.close();
        }
        LOG.fine(() -> "SMTP listener " + name + ": new sessions take new settings");
    }

    /** What a new session starts with. */
    private static final class Settings {
        final SessionConfig config;
        final ListenerInvoker invoker;
        final Authenticator authenticator;
        final ServerTls tls;
        final Semaphore handshakes;
        final ConnectionLimits limits;

        Settings(String name, SessionConfig config, ListenerInvoker invoker,
                Authenticator authenticator, ServerTls tls) {
            if (tls == null && config.tlsMode() != TlsMode.NONE) {
                throw new IllegalArgumentException(name + ": TLS mode " + config.tlsMode()
                        + " without a key");
            }
            this.config = config;
            this.invoker = invoker;
            this.authenticator = authenticator;
            this.tls = tls;
            this.handshakes = new Semaphore(config.maxTlsHandshakes());
            this.limits = new ConnectionLimits(config.maxConnections(),
                    config.maxConnectionsPerClient());
        }
    }

    /** The address and port this listener was asked to bind. */
    public InetSocketAddress bindAddress() {
        return bindAddress;
    }

    /** The address actually bound, with the port chosen when 0 was asked for. */
    public synchronized InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops listening, ends the open sessions with a 421 reply and waits for them to close. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        for (Channel channel : sessions) {
            SmtpChannelHandler handler = channel.pipeline().get(SmtpChannelHandler.class);
            if (handler != null) {
                channel.eventLoop().execute(handler::shutdown);
            }
        }
        if (!sessions.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "SMTP listener {0}: sessions still open after {1} s, "
                    + "closing them", new Object[] {name, CLOSE_WAIT_SECONDS});
            sessions.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        settings.invoker.close();
        LOG.info(() -> "SMTP listener " + name + " closed");
        serverChannel = null;
    }
}
