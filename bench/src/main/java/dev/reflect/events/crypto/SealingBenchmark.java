package dev.reflect.events.crypto;

import dev.reflect.bench.MicroSamples;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.events.validation.EventParser;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What sealing a check-in's note costs the ingest service (contract section 9): the per-event work
 * of ingest between the HTTP body and the Kafka producer (read and validate the client's body,
 * stamp the person and the time, write the stored record's bytes), without and with sealing the
 * note under the person's data key (Tink AES-256-GCM, the key from the in-process cache, as in
 * the service once a person's key is known). The note is 500 characters, the case.
 * HTTP and the Kafka producer add the same work to both, so the relative cost here is an upper
 * bound of the relative cost end to end; BENCHMARKS.md relates it to the end-to-end CPU per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SealingBenchmark {

    static final int NOTE_LENGTH = 500;
    private static final String USER = "u-3f2a9c";

    private final EventParser parser = new EventParser(MicroSamples.clock());
    private final Serializer<CheckIn> serializer = Topics.CHECKINS.valueSerde().serializer();
    private final TextSealer sealer = new TextSealer(new LocalDataKeys());
    private byte[] body;

    @Setup
    public void setUp() throws Exception {
        CheckIn sample = MicroSamples.clientCheckIn();
        StringBuilder note = new StringBuilder(NOTE_LENGTH);
        while (note.length() < NOTE_LENGTH) {
            note.append("Didn't hear back for hours and kept checking the phone; a walk helped. ");
        }
        body = Json.mapper()
                .writeValueAsBytes(new CheckIn(
                        sample.eventId(),
                        sample.occurredAt(),
                        sample.context(),
                        sample.distress(),
                        sample.triggers(),
                        sample.behaviors(),
                        sample.coping(),
                        note.substring(0, NOTE_LENGTH),
                        null,
                        null,
                        null));
        // The person's key is made once, as on their first event; every later event finds it cached.
        sealer.seal(stored());
    }

    private CheckIn stored() {
        return parser.clientCheckIn(body, USER).value().received(USER, MicroSamples.NOW);
    }

    /** Ingest's per-event work with the note in clear: the baseline. */
    @Benchmark
    public byte[] inClear() {
        return serializer.serialize(Topics.CHECKINS.name(), stored());
    }

    /** The same with the note sealed, as the service does it. */
    @Benchmark
    public byte[] sealed() {
        return serializer.serialize(Topics.CHECKINS.name(), sealer.seal(stored()));
    }
}
