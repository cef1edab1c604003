package dev.reflect.events.serde;

import dev.reflect.bench.MicroSamples;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Json;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Writing a stored check-in (what the ingest service puts on the topic): the reference, the
 * shared mapper's data binding, against the hand-written direct writer the serde uses.
 * (Lives in the writer's package to reach its package-private paths; the benchmarks are the
 * only code outside a module allowed to measure its parts, see architecture-tests.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckInWriterBenchmark {

    private final CheckIn checkIn = MicroSamples.storedCheckIn();

    /** The reference: data binding through the mapper, the definition of the bytes. */
    @Benchmark
    public byte[] mapper() throws Exception {
        return Json.mapper().writeValueAsBytes(checkIn);
    }

    /**
     * The fast path: the bytes written straight into an array. (A second one, each field through
     * Jackson's generator, measured no faster than the mapper and was dropped.)
     */
    @Benchmark
    public byte[] direct() {
        return CheckInWriter.Direct.write(checkIn);
    }
}
