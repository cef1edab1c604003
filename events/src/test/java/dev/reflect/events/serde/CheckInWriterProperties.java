package dev.reflect.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Json;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CheckInWriter} writes byte for byte what the shared mapper writes for the same check-in,
 * for any record the type can hold: any time of any year the formatter takes, any offset
 * (including ones with seconds), fractions of every length, any text, nulls where allowed.
 */
class CheckInWriterProperties {

    @Property(tries = 3000)
    void writesWhatTheMapperWrites(@ForAll("checkIns") CheckIn checkIn) throws Exception {
        byte[] expected = Json.mapper().writeValueAsBytes(checkIn);

        byte[] written = CheckInWriter.write(checkIn);

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(expected);
        assertThat(CheckInWriter.writeWithGenerator(checkIn)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<CheckIn> checkIns() {
        Arbitrary<String> texts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u0020')
                        .withChars("\"\\/\u007f\u0080\u07ff\u0800\uffff\ud800\udc00")
                        .ofMaxLength(12),
                Arbitraries.of(
                        "\"quoted\" \\ / \n\t\u2028\u2029 \uD83D\uDE00 </script>", "é", "", "\uD83D", "a\uDE00b"));
        return Combinators.combine(
                        Arbitraries.longs()
                                .tuple2()
                                .map(t -> new UUID(t.get1(), t.get2()))
                                .injectNull(0.05),
                        offsetDateTimes().injectNull(0.05),
                        Arbitraries.of(Context.class).injectNull(0.05),
                        Arbitraries.integers(),
                        Combinators.combine(
                                        Arbitraries.of(TriggerCategory.class).injectNull(0.05),
                                        Arbitraries.of(true, false))
                                .as(Trigger::new)
                                .list()
                                .ofMaxSize(4),
                        Combinators.combine(Arbitraries.of(BehaviorType.class).injectNull(0.05), Arbitraries.integers())
                                .as(Behavior::new)
                                .list()
                                .ofMaxSize(4),
                        Arbitraries.of(CopingStrategy.class).list().ofMaxSize(4).injectNull(0.1),
                        Combinators.combine(
                                        texts.injectNull(0.3),
                                        texts.injectNull(0.3),
                                        instants().injectNull(0.3))
                                .as(Extra::new))
                .as((id, at, context, distress, triggers, behaviors, coping, extra) -> new CheckIn(
                        id,
                        at,
                        context,
                        distress,
                        triggers,
                        behaviors,
                        coping,
                        extra.note(),
                        extra.userId(),
                        extra.receivedAt()));
    }

    private record Extra(String note, String userId, Instant receivedAt) {}

    private static Arbitrary<OffsetDateTime> offsetDateTimes() {
        Arbitrary<ZoneOffset> offsets = Arbitraries.oneOf(
                Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60)),
                Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds),
                Arbitraries.just(ZoneOffset.UTC));
        return Combinators.combine(localDateTimes(), offsets).as(OffsetDateTime::of);
    }

    private static Arbitrary<LocalDateTime> localDateTimes() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4_000_000_000L),
                Arbitraries.longs()
                        .between(
                                LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC),
                                LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC)),
                Arbitraries.of(-62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L));
        return Combinators.combine(seconds, nanos()).as((s, n) -> LocalDateTime.ofEpochSecond(s, n, ZoneOffset.UTC));
    }

    private static Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4_000_000_000L),
                // The mapper itself cannot write instants beyond LocalDateTime's range.
                Arbitraries.longs()
                        .between(
                                LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC),
                                LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC)),
                Arbitraries.of(-62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L));
        return Combinators.combine(seconds, nanos()).as(Instant::ofEpochSecond);
    }

    /** Whole seconds, milli-, micro- and nanosecond fractions, and trailing zeros of every length. */
    private static Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000),
                Arbitraries.integers().between(0, 999_999_999),
                Combinators.combine(
                                Arbitraries.integers().between(1, 9),
                                Arbitraries.integers().between(0, 8))
                        .as((digit, zeros) -> digit * (int) Math.pow(10, zeros)));
    }
}
