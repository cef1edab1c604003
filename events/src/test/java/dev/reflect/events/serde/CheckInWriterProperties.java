package dev.reflect.events.serde;

import static dev.reflect.proptest.Gens.enums;
import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.lists;
import static dev.reflect.proptest.Gens.longs;
import static dev.reflect.proptest.Gens.orNull;
import static dev.reflect.proptest.Gens.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Json;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.proptest.Coverage;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link CheckInWriter} writes byte for byte what the shared mapper writes for the same check-in,
 * for any record the type can hold: any time of any year the formatter takes, any offset
 * (including ones with seconds), fractions of every length, any text, nulls where allowed.
 */
class CheckInWriterProperties {

    @Test
    void writesWhatTheMapperWrites() {
        // Both paths must really be tried: the direct writer, and the mapper for what it leaves alone.
        Coverage paths = Coverage.of("path").atLeastPercent("direct", 20).atLeastPercent("mapper", 20);
        PropertyCheck.tries(3000).withCoverage(paths).forAll(checkIns(), checkIn -> {
            byte[] expected = Json.mapper().writeValueAsBytes(checkIn);

            byte[] written = CheckInWriter.write(checkIn);

            assertThat(new String(written, StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(written).isEqualTo(expected);
            paths.collect(CheckInWriter.Direct.write(checkIn) != null ? "direct" : "mapper");
        });
    }

    private static Gen<CheckIn> checkIns() {
        Gen<String> texts = Gens.oneOf(
                strings(0, 60),
                strings(CharSet.none().range('\u0000', '\u00ff'), 0, 40),
                strings(
                        CharSet.none()
                                .range('\u0000', '\u0020')
                                .with("\"\\/\u007f\u0080\u07ff\u0800\uffff\ud800\udc00"),
                        0,
                        12),
                Gens.of("\"quoted\" \\ / \n\t\u2028\u2029 \uD83D\uDE00 </script>", "é", "", "\uD83D", "a\uDE00b"));
        Gen<UUID> ids = orNull(longs().zip(longs(), UUID::new), 0.05);
        Gen<OffsetDateTime> times = orNull(offsetDateTimes(), 0.05);
        Gen<Context> contexts = orNull(enums(Context.class), 0.05);
        Gen<Integer> distress = Gens.ints();
        Gen<List<Trigger>> triggers =
                lists(orNull(enums(TriggerCategory.class), 0.05).zip(Gens.booleans(), Trigger::new), 0, 4);
        Gen<List<Behavior>> behaviors =
                lists(orNull(enums(BehaviorType.class), 0.05).zip(Gens.ints(), Behavior::new), 0, 4);
        Gen<List<CopingStrategy>> coping = orNull(lists(enums(CopingStrategy.class), 0, 4), 0.1);
        Gen<String> notes = orNull(texts, 0.3);
        Gen<String> userIds = orNull(texts, 0.3);
        Gen<Instant> receivedAts = orNull(instants(), 0.3);
        return in -> new CheckIn(
                ids.generate(in),
                times.generate(in),
                contexts.generate(in),
                distress.generate(in),
                triggers.generate(in),
                behaviors.generate(in),
                coping.generate(in),
                notes.generate(in),
                userIds.generate(in),
                receivedAts.generate(in));
    }

    private static Gen<OffsetDateTime> offsetDateTimes() {
        Gen<ZoneOffset> offsets = Gens.oneOf(
                ints(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60)),
                ints(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds),
                Gens.just(ZoneOffset.UTC));
        return localDateTimes().zip(offsets, OffsetDateTime::of);
    }

    private static Gen<LocalDateTime> localDateTimes() {
        return seconds().zip(nanos(), (s, n) -> LocalDateTime.ofEpochSecond(s, n, ZoneOffset.UTC));
    }

    private static Gen<Instant> instants() {
        // The mapper itself cannot write instants beyond LocalDateTime's range.
        return seconds().zip(nanos(), Instant::ofEpochSecond);
    }

    private static Gen<Long> seconds() {
        return Gens.oneOf(
                longs(0, 4_000_000_000L),
                longs(LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC), LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC)),
                Gens.of(-62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L));
    }

    /** Whole seconds, milli-, micro- and nanosecond fractions, and trailing zeros of every length. */
    private static Gen<Integer> nanos() {
        return Gens.oneOf(
                Gens.just(0),
                ints(0, 999).map(m -> m * 1_000_000),
                ints(0, 999_999).map(u -> u * 1_000),
                ints(0, 999_999_999),
                ints(1, 9).zip(ints(0, 8), (digit, zeros) -> digit * (int) Math.pow(10, zeros)));
    }
}
