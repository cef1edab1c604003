package dev.reflect.streams.state;

import dev.reflect.bench.MicroSamples;
import dev.reflect.events.CheckIn;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-user state store's serde, read and written once per check-in by the aggregator: a
 * person with a check-in on each of the last 90 days. There is no other format to hold it to;
 * the figure is the cost per record BENCHMARKS.md quotes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UserStateSerdeBenchmark {

    private UserState state;
    private byte[] bytes;

    @Setup
    public void fill() {
        state = UserState.empty();
        for (CheckIn checkIn : MicroSamples.ninetyDaysOfCheckIns()) {
            state.add(checkIn);
        }
        bytes = UserStateSerde.serialize(state);
    }

    @Benchmark
    public byte[] serialize() {
        return UserStateSerde.serialize(state);
    }

    @Benchmark
    public UserState deserialize() {
        return UserStateSerde.deserialize(bytes);
    }
}
