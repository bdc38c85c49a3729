package org.smtpra.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads shared by every SMTP listener of one resource adapter: a small Netty event
 * loop group, so that thousands of idle connections cost no thread each.
 *
 * <p>The threads are started through the given executor; the adapter passes one that runs
 * them as long-lived work on the application server's WorkManager, as the Connectors
 * specification asks of a resource adapter's own threads.
 */
public final class SmtpTransport implements AutoCloseable {

    private final EventLoopGroup group;

    /**
     * @param threads how many event loop threads; each holds one executor task for its life
     * @param threadStarter runs each event loop thread's task
     */
    public SmtpTransport(int threads, Executor threadStarter) {
        this.group = new MultiThreadIoEventLoopGroup(threads, threadStarter,
                NioIoHandler.newFactory());
    }

    /**
     * Initializes what the first listener's bind would otherwise: the classes of a server
     * channel, its pipeline and its configuration, with the pooled buffer allocator. Nothing
     * is bound and no event loop thread starts; the one channel opened closes at once.
     */
    public void warmUp() {
        NioServerSocketChannel channel = new NioServerSocketChannel();
        channel.unsafe().closeForcibly();
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class);
        new DefaultChannelGroup("warm-up", group.next());
    }

    EventLoopGroup group() {
        return group;
    }

    /** Stops the event loops and waits up to ten seconds for their threads to end. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10,
                TimeUnit.SECONDS);
    }
}
