package dev.reflect.events.validation;

import dev.reflect.bench.MicroSamples;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a valid check-in body from a client into a record, the ingest service's hot path, by
 * each of the three ways the events module has: the JSON Schema validator on a tree (the
 * reference for the rules), the hand-written rules on a tree (the reference for the tree-less
 * reader, and what judges every body the reader declines), and the tree-less reader that
 * {@link EventParser#clientCheckIn(byte[], String)} tries first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckInReadBenchmark {

    private static final String USER = "u-bench";

    private final Clock clock = MicroSamples.clock();
    private final byte[] body = MicroSamples.clientCheckInBody();
    private final EventParser handWritten = new EventParser(clock);
    private final EventParser bySchema = new EventParser(clock, CompiledSchema.CHECK_IN);

    /** Reference for the rules: bytes to tree, then the schema validator. */
    @Benchmark
    public Validated<CheckIn> treeAndSchemaValidator() throws IOException {
        return bySchema.clientCheckIn(Json.mapper().readTree(body), USER);
    }

    /** Reference for the reader: bytes to tree, then the hand-written rules. */
    @Benchmark
    public Validated<CheckIn> treeAndHandWrittenRules() throws IOException {
        return handWritten.clientCheckIn(Json.mapper().readTree(body), USER);
    }

    /** The fast path: the token stream straight into the record. */
    @Benchmark
    public Validated<CheckIn> treeLessReader() {
        return handWritten.clientCheckIn(body, USER);
    }
}
