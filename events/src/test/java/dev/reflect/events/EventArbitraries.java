package dev.reflect.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid events and of arbitrary JSON, relative to {@link Samples#NOW}. */
final class EventArbitraries {

    static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Every field name either schema knows, so random objects often hit real rules. */
    static final List<String> FIELD_NAMES = List.of(
            "eventId",
            "occurredAt",
            "context",
            "distress",
            "triggers",
            "behaviors",
            "coping",
            "note",
            "text",
            "thoughtRecord",
            "userId",
            "receivedAt",
            "category",
            "tiedToPast",
            "type",
            "count",
            "automaticThought",
            "evidenceFor",
            "evidenceAgainst",
            "balancedThought",
            "beliefBefore",
            "beliefAfter");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventArbitraries() {}

    static Arbitrary<UUID> uuids() {
        return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
    }

    /** Quarter-hour offsets across the whole legal range, as real time zones use. */
    static Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
    }

    /** Anywhere inside the client window, edges included, to the nanosecond. */
    static Arbitrary<OffsetDateTime> occurredAtInWindow() {
        long from = -EventRules.MAX_AGE.toNanos();
        long to = EventRules.MAX_FUTURE_SKEW.toNanos();
        return Combinators.combine(Arbitraries.longs().between(from, to), offsets())
                .as((nanos, offset) -> Samples.NOW.plusNanos(nanos).atOffset(offset));
    }

    /** Beyond either end of the client window. */
    static Arbitrary<OffsetDateTime> occurredAtOutsideWindow() {
        Arbitrary<Instant> ahead = Arbitraries.longs()
                .between(1, 400L * 24 * 3600)
                .map(s -> Samples.NOW.plus(EventRules.MAX_FUTURE_SKEW).plusSeconds(s));
        Arbitrary<Instant> old = Arbitraries.longs()
                .between(1, 40L * 365 * 24 * 3600)
                .map(s -> Samples.NOW.minus(EventRules.MAX_AGE).minusSeconds(s));
        return Combinators.combine(Arbitraries.oneOf(ahead, old), offsets()).as(Instant::atOffset);
    }

    /** Any text a person could type: the whole Basic Multilingual Plane except lone surrogate halves. */
    static Arbitrary<String> texts(int minLength, int maxLength) {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .ofMinLength(minLength)
                .ofMaxLength(maxLength);
    }

    static Arbitrary<String> userIds() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(EventRules.MAX_USER_ID_LENGTH);
    }

    static Arbitrary<Instant> receivedAts() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 4_000_000_000L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    static Arbitrary<Trigger> triggers() {
        return Combinators.combine(Arbitraries.of(TriggerCategory.class), Arbitraries.of(true, false))
                .as(Trigger::new);
    }

    static Arbitrary<Behavior> behaviors() {
        return Combinators.combine(
                        Arbitraries.of(BehaviorType.class),
                        Arbitraries.integers().between(1, 100))
                .as(Behavior::new);
    }

    /** Check-ins as a client sends them: no userId, no receivedAt, inside the window. */
    static Arbitrary<CheckIn> clientCheckIns() {
        return Combinators.combine(
                        uuids(),
                        occurredAtInWindow(),
                        Arbitraries.of(Context.class),
                        Arbitraries.integers().between(0, 10),
                        triggers().list().ofMaxSize(10),
                        behaviors().list().ofMaxSize(8),
                        Arbitraries.of(CopingStrategy.class)
                                .list()
                                .uniqueElements()
                                .ofMaxSize(6),
                        texts(0, 2000).injectNull(0.3))
                .as((id, at, context, distress, triggers, behaviors, coping, note) ->
                        new CheckIn(id, at, context, distress, triggers, behaviors, coping, note, null, null));
    }

    /** Check-ins as the ingest service writes them to the topic. */
    static Arbitrary<CheckIn> storedCheckIns() {
        return Combinators.combine(clientCheckIns(), userIds(), receivedAts()).as(CheckIn::received);
    }

    static Arbitrary<ThoughtRecord> thoughtRecords() {
        Arbitrary<String> optional = texts(0, 2000).injectNull(0.3);
        return Combinators.combine(
                        texts(1, 2000).filter(EventArbitraries::hasLetterOrDigit),
                        optional,
                        optional,
                        optional,
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 100))
                .as(ThoughtRecord::new);
    }

    /** Journal entries as a client sends them: non-blank text, a thought record, or both. */
    static Arbitrary<JournalEntry> clientJournalEntries() {
        Arbitrary<String> someText = texts(1, 10_000).filter(EventArbitraries::hasLetterOrDigit);
        return Combinators.combine(
                        uuids(),
                        occurredAtInWindow(),
                        Arbitraries.oneOf(someText, texts(0, 50).injectNull(0.5)),
                        thoughtRecords().injectNull(0.4))
                .as((id, at, text, record) -> new JournalEntry(id, at, text, record, null, null))
                .filter(e -> e.thoughtRecord() != null || (e.text() != null && hasLetterOrDigit(e.text())));
    }

    static Arbitrary<JournalEntry> storedJournalEntries() {
        return Combinators.combine(clientJournalEntries(), userIds(), receivedAts())
                .as(JournalEntry::received);
    }

    /** Surely not blank, whatever definition of blank one holds. */
    static boolean hasLetterOrDigit(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    static boolean isEnumName(String s, Enum<?>[] values) {
        return Arrays.stream(values).anyMatch(v -> v.name().equals(s));
    }

    /** Any JSON value, nested up to three levels (kept small: generation, not validation, dominates the cost), with objects that mostly use the events' own field names. */
    static Arbitrary<JsonNode> anyJson() {
        return Arbitraries.recursive(EventArbitraries::jsonLeaves, EventArbitraries::jsonContainers, 0, 3);
    }

    /** A JSON object at the top, so the validators rather than the "not an object" check get exercised. */
    static Arbitrary<ObjectNode> anyJsonObject() {
        return jsonObjects(anyJson());
    }

    private static Arbitrary<JsonNode> jsonLeaves() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.integers().between(-2, 102).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode),
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.of(vocabulary()).map(NODES::textNode),
                uuids().map(u -> NODES.textNode(u.toString())),
                occurredAtInWindow().map(t -> NODES.textNode(t.toString())),
                occurredAtInWindow().map(t -> NODES.textNode(t.toLocalDateTime().toString())));
    }

    private static Arbitrary<JsonNode> jsonContainers(Arbitrary<JsonNode> element) {
        return Arbitraries.oneOf(
                element.list().ofMaxSize(5).map(items -> {
                    ArrayNode array = NODES.arrayNode();
                    items.forEach(array::add);
                    return array;
                }),
                jsonObjects(element).map(o -> o));
    }

    private static Arbitrary<ObjectNode> jsonObjects(Arbitrary<JsonNode> value) {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(FIELD_NAMES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(70)));
        return Combinators.combine(keys, value)
                .as(Tuple::of)
                .list()
                .ofMaxSize(8)
                .map(entries -> {
                    ObjectNode object = NODES.objectNode();
                    entries.forEach(e -> object.set(e.get1(), e.get2()));
                    return object;
                });
    }

    private static List<String> vocabulary() {
        return Stream.of(Context.values(), TriggerCategory.values(), BehaviorType.values(), CopingStrategy.values())
                .flatMap(Arrays::stream)
                .map(Enum::name)
                .toList();
    }
}
