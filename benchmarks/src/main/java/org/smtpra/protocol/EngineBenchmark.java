package org.smtpra.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.smtpra.api.Decision;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * The protocol engine's hot path without sockets or a container: one whole pipelined mail
 * transaction (MAIL, RCPT, DATA, the message, the end of data) through a session whose
 * listener accepts at once. The figure is transactions per second on one thread, an upper
 * bound for what the engine adds to each message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    /** Message sizes: a short note, and a typical message with a small attachment. */
    @Param({"1024", "102400"})
    public int size;

    private byte[] transaction;
    private SmtpSession session;
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        transaction = transaction(size);
        SessionConfig config = SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com")).maxTransactions(Integer.MAX_VALUE)
                .sessionTimeout(java.time.Duration.ofDays(1))
                // The whole transaction comes in one piece, content and all, which RFC 2920
                // forbids a client and a strict session refuses; the parsing is the same.
                .strictPipelining(false).build();
        SmtpListener listener = mail -> Decision.accept();
        ListenerInvoker invoker = (stage, info, call) ->
                CompletableFuture.completedFuture(call.apply(listener));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        SessionInfo info = new SessionInfo("bench", new InetSocketAddress(loopback, 40000),
                new InetSocketAddress(loopback, 25), null, false, false, null);
        session = new SmtpSession(config, info, invoker, Authenticator.none(), sink,
                new InlineExecutor());
        session.start();
        session.receive(ByteBuffer.wrap("EHLO client.example.org\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Benchmark
    public void transaction(Blackhole hole) {
        session.receive(ByteBuffer.wrap(transaction));
        hole.consume(sink.take());
    }

    /** MAIL, RCPT, DATA and a message of about {@code size} octets in 76-column lines. */
    static byte[] transaction(int size) {
        StringBuilder text = new StringBuilder(size + 200);
        text.append("MAIL FROM:<sender@example.org> SIZE=").append(size).append("\r\n")
                .append("RCPT TO:<someone@example.com>\r\nDATA\r\n")
                .append("From: sender@example.org\r\nTo: someone@example.com\r\n")
                .append("Subject: benchmark\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (text.length() < size) {
            text.append(text.length() % 7 == 0 ? "." : "").append(line);
        }
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts the reply bytes, which is all a benchmark needs of them. */
    static final class Sink implements SessionChannel {
        private long written;

        @Override
        public void write(byte[] bytes) {
            written += bytes.length;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            throw new IllegalStateException("the benchmark session closed");
        }

        @Override
        public void setReading(boolean reading) {
        }

        @Override
        public org.smtpra.api.Reply startTls(byte[] reply) {
            return org.smtpra.api.Reply.TLS_NOT_AVAILABLE;
        }

        long take() {
            long value = written;
            written = 0;
            return value;
        }
    }

    /** Runs tasks at once; timers never fire within a benchmark. */
    static final class InlineExecutor implements SessionExecutor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Future<?> schedule(Runnable task, long delayNanos) {
            return new CompletableFuture<Void>();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
