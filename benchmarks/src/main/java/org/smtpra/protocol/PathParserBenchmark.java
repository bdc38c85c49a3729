package org.smtpra.protocol;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.smtpra.api.Path;

/** Parsing the argument of a MAIL command: the split, the parameters, the path grammar. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PathParserBenchmark {

    @Benchmark
    public Path mailArgument() throws SyntaxException {
        PathArgument argument = PathArgument.split(
                "FROM:<john.q.public@mail.example.org> SIZE=123456 BODY=8BITMIME", "FROM:");
        MailParameters.check(argument.parameters(), true, 10_485_760, false);
        return argument.path(false);
    }
}
