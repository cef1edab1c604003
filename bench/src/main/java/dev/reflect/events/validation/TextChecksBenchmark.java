package dev.reflect.events.validation;

import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The two hand-written text checks on every event against what they replace: the canonical-UUID
 * check against the schema's regular expression, and the common date-time forms against
 * {@link OffsetDateTime#parse}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TextChecksBenchmark {

    private static final Pattern SCHEMA_PATTERN = Pattern.compile(CompiledSchema.CANONICAL_UUID_PATTERN);

    private final String uuid = "8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f";
    private final String dateTime = "2026-11-26T21:14:00.123+01:00";

    @Benchmark
    public boolean uuidBySchemaPattern() {
        return uuid.length() == 36 && SCHEMA_PATTERN.matcher(uuid).find();
    }

    @Benchmark
    public boolean uuidByHand() {
        return CompiledSchema.isCanonicalUuid(uuid);
    }

    @Benchmark
    public OffsetDateTime dateTimeByJdk() {
        return OffsetDateTime.parse(dateTime);
    }

    @Benchmark
    public OffsetDateTime dateTimeByHand() {
        return OffsetDateTimes.parseCommonForm(dateTime);
    }
}
