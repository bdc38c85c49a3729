package org.smtpra.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMTP connections by the thousand on one thread: non-blocking sockets on one selector, so
 * that a test holds as many connections as a flood would without a thread for each.
 *
 * <p>The connections come from many loopback addresses in turn (127.0.0.2, 127.0.0.3, ...;
 * Linux answers for the whole of 127/8), so that a per-client connection limit counts them
 * as the many clients they stand for. A connection either idles once it has its greeting, or
 * trickles a session one byte at a time: each command line byte by byte, then it waits for
 * the reply as a client must, and after DATA a message that never ends.
 */
final class FloodClients implements AutoCloseable {

    /** A trickled session: the commands, then message text that never ends. */
    private static final String[] TRICKLED_COMMANDS = {
        "EHLO trickle.example.org\r\n",
        "MAIL FROM:<trickle@example.org>\r\n",
        "RCPT TO:<someone@example.com>\r\n",
        "DATA\r\n"};
    private static final String TRICKLED_TEXT = "Subject: slowly\r\n\r\n"
            + "one byte at a time\r\n".repeat(100);

    /**
     * What the connections saw so far.
     *
     * @param opened connections opened
     * @param greeted connections whose first reply was a 220
     * @param refused connections whose first reply was anything else (a 421 of a limit)
     * @param negativeReplies 4yz and 5yz replies after the first
     * @param closedByServer connections the server closed
     * @param failed connections that failed to open, to read or to write
     * @param trickledOctets octets the trickling connections sent
     */
    record Counts(int opened, int greeted, int refused, int negativeReplies,
            int closedByServer, int failed, long trickledOctets) {
    }

    private final InetSocketAddress server;
    private final int sourceAddresses;
    private final long trickleNanos;
    private final Selector selector;
    private final Thread loop;
    private final Queue<Connection> toRegister = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger greeted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger negative = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long trickled;
    private volatile boolean running = true;

    /**
     * @param port the server's port on 127.0.0.1
     * @param sourceAddresses how many loopback addresses the connections come from in turn
     * @param trickleInterval the pause between two bytes of a trickling connection
     */
    FloodClients(int port, int sourceAddresses, Duration trickleInterval) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.sourceAddresses = sourceAddresses;
        this.trickleNanos = trickleInterval.toNanos();
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "flood-clients");
        loop.start();
    }

    /** Opens idle connections: they read their greeting and then hold the connection. */
    void openIdle(int count) {
        open(count, false);
    }

    /** Opens connections that trickle a session one byte at a time. */
    void openTrickling(int count) {
        open(count, true);
    }

    /**
     * Opens connections. The connect is blocking, which on loopback returns as soon as the
     * kernel has queued the connection for the server; reading and writing are left to the
     * selector's thread.
     */
    private void open(int count, boolean trickles) {
        for (int i = 0; i < count; i++) {
            int n = opened.getAndIncrement();
            try {
                SocketChannel channel = SocketChannel.open();
                channel.bind(new InetSocketAddress(source(n), 0));
                channel.connect(server);
                channel.configureBlocking(false);
                toRegister.add(new Connection(channel, trickles));
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        }
        selector.wakeup();
    }

    /** 127.0.0.2 and on: the n-th connection's source address. */
    private InetAddress source(int n) throws IOException {
        int host = 2 + n % sourceAddresses;
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (host >> 8), (byte) host});
    }

    /** Waits until this many connections have had their first reply, or the time is up. */
    boolean awaitFirstReplies(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (greeted.get() + refused.get() + failed.get() < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    Counts counts() {
        return new Counts(opened.get(), greeted.get(), refused.get(), negative.get(),
                closedByServer.get(), failed.get(), trickled);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (running) {
                register();
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Connection) key.attachment(), buffer);
                }
                selector.selectedKeys().clear();
                trickle();
            }
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            throw new IllegalStateException("the clients' selector failed", e);
        }
    }

    private void register() throws IOException {
        Connection connection;
        while ((connection = toRegister.poll()) != null) {
            connection.channel.register(selector, SelectionKey.OP_READ, connection);
            connections.add(connection);
        }
    }

    private void read(Connection connection, ByteBuffer buffer) {
        buffer.clear();
        int read;
        try {
            read = connection.channel.read(buffer);
        } catch (IOException e) {
            connection.close();
            failed.incrementAndGet();
            return;
        }
        if (read < 0) {
            connection.close();
            closedByServer.incrementAndGet();
            return;
        }
        for (int i = 0; i < read; i++) {
            connection.replyByte(buffer.get(i));
        }
    }

    /** Sends the next byte of every trickling connection whose pause is over. */
    private void trickle() {
        long now = System.nanoTime();
        for (Connection connection : connections) {
            if (connection.trickles && !connection.closed && now - connection.nextByteAt >= 0
                    && connection.mayWrite()) {
                connection.nextByteAt = now + trickleNanos;
                connection.writeByte();
            }
        }
    }

    /** Closes every connection, abruptly for the server, and stops the selector's thread. */
    @Override
    public void close() throws InterruptedException, IOException {
        running = false;
        selector.wakeup();
        loop.join(10_000);
        for (Connection connection : connections) {
            connection.close();
        }
        Connection unregistered;
        while ((unregistered = toRegister.poll()) != null) {
            unregistered.close();
        }
        selector.close();
    }

    /** One connection and where it is in its session. */
    private final class Connection {
        private final SocketChannel channel;
        private final boolean trickles;
        private final byte[] head = new byte[4];
        private int column;
        private int finalReplies;
        private int script;
        private int offset;
        private long nextByteAt;
        private boolean closed;

        Connection(SocketChannel channel, boolean trickles) {
            this.channel = channel;
            this.trickles = trickles;
        }

        /** Takes one byte of the server's replies; counts each reply once it is whole. */
        void replyByte(byte b) {
            if (column < head.length) {
                head[column] = b;
            }
            column++;
            if (b != '\n') {
                return;
            }
            column = 0;
            if (head[3] == '-') {
                return;
            }
            finalReplies++;
            if (finalReplies == 1) {
                (head[0] == '2' && head[1] == '2' && head[2] == '0' ? greeted : refused)
                        .incrementAndGet();
            } else if (head[0] == '4' || head[0] == '5') {
                negative.incrementAndGet();
            }
        }

        /** A client waits for the greeting and for the reply to each command it sent. */
        boolean mayWrite() {
            int commandsSent = Math.min(script, TRICKLED_COMMANDS.length);
            return finalReplies > commandsSent && !finished();
        }

        private boolean finished() {
            return script > TRICKLED_COMMANDS.length;
        }

        void writeByte() {
            byte[] part = (script < TRICKLED_COMMANDS.length ? TRICKLED_COMMANDS[script]
                    : TRICKLED_TEXT).getBytes(StandardCharsets.US_ASCII);
            try {
                channel.write(ByteBuffer.wrap(part, offset, 1));
            } catch (IOException e) {
                close();
                failed.incrementAndGet();
                return;
            }
            trickled++;
            if (++offset == part.length) {
                script++;
                offset = 0;
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // Closing is all that was asked; a socket that fails to close is gone too.
            }
        }
    }
}
