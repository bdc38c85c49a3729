package org.smtpra.protocol;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DATA decoding alone: one megabyte of message text, one line in seven dot-stuffed, into a
 * sink that only counts. The score is megabytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DataDecoderBenchmark {

    private static final int MEGABYTE = 1024 * 1024;

    private byte[] data;
    private long decoded;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] transaction = EngineBenchmark.transaction(MEGABYTE);
        String text = new String(transaction, java.nio.charset.StandardCharsets.US_ASCII);
        data = text.substring(text.indexOf("DATA\r\n") + 6)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Benchmark
    public long megabyte() {
        DataDecoder decoder = new DataDecoder((bytes, offset, length) -> decoded += length,
                1000);
        int result = decoder.decode(data, 0, data.length);
        if (result >= 0) {
            throw new IllegalStateException("the end of data was not found");
        }
        return decoded;
    }
}
