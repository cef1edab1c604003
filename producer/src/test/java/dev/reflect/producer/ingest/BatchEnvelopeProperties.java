package dev.reflect.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reflect.events.CheckIn;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.producer.support.Bodies;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import dev.reflect.service.http.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The streamed reading of a batch ({@link BatchEnvelope#read}) gives every item the verdict the
 * tree reading ({@link BatchEnvelope#items} and the parser on each tree) gives it, and refuses
 * the same envelopes with the same errors: over batches of valid items, items broken in the ways
 * clients break them (unknown, missing, repeated and mistyped fields, bad enums and numbers, a
 * userId), and envelopes broken around them (extra keys, non-object items, too many items,
 * trailing bytes, cut-off JSON).
 */
class BatchEnvelopeProperties {

    private static final String USER = "u-1";
    private final EventParser parser = new EventParser(Clock.fixed(Instant.now(), ZoneOffset.UTC));

    @Test
    void streamedAndTreeReadingsAgree() {
        PropertyCheck.tries(1000).forAll(batches(), this::readingsAgree);
    }

    private void readingsAgree(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        Object streamed = outcome(() -> verdicts(BatchEnvelope.read(bytes, parser)));
        Object byTree = outcome(() -> BatchEnvelope.items(bytes).stream()
                .map(tree -> new Verdict(parser.clientCheckIn(tree, USER), BatchEnvelope.eventIdOf(tree)))
                .toList());

        assertThat(streamed).as(body).isEqualTo(byTree);
    }

    @Test
    void validItemsAreReadWithoutTrees() {
        PropertyCheck.tries(100).forAll(Gens.lists(validItem(), 1, 20), items -> {
            List<BatchEnvelope.Item> read = BatchEnvelope.read(
                    Bodies.batch(items.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8), parser);

            assertThat(read)
                    .hasSize(items.size())
                    .allSatisfy(item -> assertThat(item.plainlyValid()).isNotNull());
        });
    }

    private record Verdict(Validated<CheckIn> checkIn, UUID echoedEventId) {}

    private List<Verdict> verdicts(List<BatchEnvelope.Item> items) {
        List<Verdict> verdicts = new ArrayList<>();
        for (BatchEnvelope.Item item : items) {
            verdicts.add(
                    item.plainlyValid() != null
                            ? new Verdict(
                                    Validated.valid(item.plainlyValid()),
                                    item.plainlyValid().eventId())
                            : new Verdict(
                                    parser.clientCheckIn(item.tree(), USER), BatchEnvelope.eventIdOf(item.tree())));
        }
        return verdicts;
    }

    /** The verdicts, or the errors of the whole-request refusal. */
    private static Object outcome(java.util.function.Supplier<List<Verdict>> reading) {
        Throwable refused = catchThrowable(reading::get);
        if (refused == null) {
            // An accepted item's eventId is what the answer echoes; the tree path echoes the same one.
            return reading.get().stream()
                    .map(v -> v.checkIn().isValid()
                            ? new Verdict(v.checkIn(), v.checkIn().value().eventId())
                            : v)
                    .toList();
        }
        assertThat(refused).isInstanceOf(InvalidRequestException.class);
        return ((InvalidRequestException) refused).errors();
    }

    /** A valid check-in body with a generated (so, with the seed, repeatable) eventId. */
    private static Gen<String> validItem() {
        return Gens.uuids().map(id -> Bodies.checkIn(id));
    }

    private static Gen<String> batches() {
        Gen<String> item = Gens.oneOf(
                validItem(),
                validItem().zip(itemChange(), (valid, change) -> change.apply(valid)),
                Gens.of("1", "null", "[]", "\"x\"", "{}", "{\"checkIns\": []}"));
        Gen<String> envelope = Gens.lists(item, 0, 6)
                .zip(envelopeChange(), (items, change) -> change.apply(Bodies.batch(items.toArray(String[]::new))));
        return Gens.oneOf(
                envelope, Gens.lists(validItem(), 501, 501).map(items -> Bodies.batch(items.toArray(String[]::new))));
    }

    private static Gen<UnaryOperator<String>> itemChange() {
        return Gens.<UnaryOperator<String>>of(
                s -> s.replace("\"ROMANTIC\"", "\"romantic\""),
                s -> s.replace("\"distress\": 7", "\"distress\": 7.0"),
                s -> s.replace("\"distress\": 7", "\"distress\": 11"),
                s -> s.replace("\"distress\": 7", "\"distress\": \"7\""),
                s -> s.replace("\"distress\": 7,", ""),
                s -> s.replace("\"distress\": 7", "\"distress\": 7, \"distress\": 8"),
                s -> s.replace("\"count\": 3", "\"count\": 3, \"count\": 4"),
                s -> s.replace("\"count\": 3", "\"count\": 0"),
                s -> s.replace("\"tiedToPast\": true", "\"tiedToPast\": \"yes\""),
                s -> s.replace("\"CHALLENGED_THOUGHT\"", "\"CHALLENGED_THOUGHT\", \"CHALLENGED_THOUGHT\""),
                s -> s.replace("\"PARTNER_UNRESPONSIVE\"", "\"NOPE\""),
                s -> s.replace("{\n", "{\"userId\": \"u-1\", "),
                s -> s.replace("{\n", "{\"userId\": \"someone-else\", "),
                s -> s.replace("{\n", "{\"receivedAt\": \"2026-11-26T21:14:00Z\", "),
                s -> s.replace("{\n", "{\"mood\": 3, "),
                s -> s.replace("{\n", "{\"nested\": {\"a\": [1, {\"b\": 2}]}, "),
                s -> s.replace("\"eventId\": \"", "\"eventId\": \"x"),
                s -> s.replaceFirst("\"occurredAt\": \"[^\"]*\"", "\"occurredAt\": \"2020-01-01T00:00:00Z\""),
                s -> s.replaceFirst("\"occurredAt\": \"[^\"]*\"", "\"occurredAt\": \"2026-11-26T21:14:00\""),
                s -> s.replace("\"note\": \"", "\"note\": \"" + "n".repeat(2001)),
                s -> s.replace("\"note\": \"", "\"note\": \"\\u0000\\\"\\n\uD83D\uDE00"));
    }

    private static Gen<UnaryOperator<String>> envelopeChange() {
        return Gens.<UnaryOperator<String>>of(
                s -> s,
                s -> s,
                s -> s,
                s -> s.replace("{\"checkIns\":", "{\"extra\": 1, \"checkIns\":"),
                s -> s.substring(0, s.length() - 1) + ", \"extra\": 1}",
                s -> s.substring(0, s.length() - 1) + ", \"checkIns\": []}",
                s -> s + " {}",
                s -> s + "   ",
                s -> s.substring(0, s.length() / 2),
                s -> s.replace("{\"checkIns\":", "{\"checkins\":"),
                s -> "[" + s + "]");
    }
}
