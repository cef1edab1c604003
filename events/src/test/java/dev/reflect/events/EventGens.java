package dev.reflect.events;

import static dev.reflect.proptest.Gens.enums;
import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.lists;
import static dev.reflect.proptest.Gens.longs;
import static dev.reflect.proptest.Gens.orNull;
import static dev.reflect.proptest.Gens.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.quicktheories.core.Gen;

/** Generators of valid events and of arbitrary JSON, relative to {@link Samples#NOW}. */
public final class EventGens {

    public static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Every field name either schema knows, so random objects often hit real rules: the records' components. */
    public static final List<String> FIELD_NAMES = Stream.of(
                    CheckIn.class, JournalEntry.class, Trigger.class, Behavior.class, ThoughtRecord.class)
            .flatMap(record -> Arrays.stream(record.getRecordComponents()))
            .map(java.lang.reflect.RecordComponent::getName)
            .distinct()
            .toList();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Any text a person could type: the whole Basic Multilingual Plane except lone surrogate halves. */
    public static final CharSet TYPED = CharSet.none().range('\u0000', '\uD7FF').range('\uE000', '\uFFFD');

    private EventGens() {}

    public static Gen<UUID> uuids() {
        return longs().zip(longs(), UUID::new);
    }

    /** Quarter-hour offsets across the whole legal range, as real time zones use. */
    public static Gen<ZoneOffset> offsets() {
        return ints(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
    }

    /** Anywhere inside the client window, edges included, to the nanosecond. */
    public static Gen<OffsetDateTime> occurredAtInWindow() {
        long from = -EventRules.MAX_AGE.toNanos();
        long to = EventRules.MAX_FUTURE_SKEW.toNanos();
        return longs(from, to)
                .zip(offsets(), (nanos, offset) -> Samples.NOW.plusNanos(nanos).atOffset(offset));
    }

    /** Beyond either end of the client window. */
    public static Gen<OffsetDateTime> occurredAtOutsideWindow() {
        Gen<Instant> ahead = longs(1, 400L * 24 * 3600)
                .map(s -> Samples.NOW.plus(EventRules.MAX_FUTURE_SKEW).plusSeconds(s));
        Gen<Instant> old = longs(1, 40L * 365 * 24 * 3600)
                .map(s -> Samples.NOW.minus(EventRules.MAX_AGE).minusSeconds(s));
        return Gens.<Instant>oneOf(ahead, old).zip(offsets(), Instant::atOffset);
    }

    /** Any text a person could type: the whole Basic Multilingual Plane except lone surrogate halves. */
    public static Gen<String> texts(int minLength, int maxLength) {
        return strings(TYPED, minLength, maxLength);
    }

    public static Gen<String> userIds() {
        return strings(CharSet.none().range('!', '~'), 1, EventRules.MAX_USER_ID_LENGTH);
    }

    public static Gen<Instant> receivedAts() {
        return longs(0, 4_000_000_000L).zip(ints(0, 999_999_999), Instant::ofEpochSecond);
    }

    public static Gen<Trigger> triggers() {
        return enums(TriggerCategory.class).zip(Gens.booleans(), Trigger::new);
    }

    public static Gen<Behavior> behaviors() {
        return enums(BehaviorType.class).zip(ints(1, 100), Behavior::new);
    }

    /** Check-ins as a client sends them: no userId, no receivedAt, inside the window. */
    public static Gen<CheckIn> clientCheckIns() {
        Gen<UUID> ids = uuids();
        Gen<OffsetDateTime> times = occurredAtInWindow();
        Gen<Context> contexts = enums(Context.class);
        Gen<Integer> distress = ints(0, 10);
        Gen<List<Trigger>> triggers = lists(triggers(), 0, 10);
        Gen<List<Behavior>> behaviors = lists(behaviors(), 0, 8);
        Gen<List<CopingStrategy>> coping = Gens.uniqueLists(enums(CopingStrategy.class), 0, 6);
        Gen<String> notes = orNull(texts(0, 2000), 0.3);
        return in -> new CheckIn(
                ids.generate(in),
                times.generate(in),
                contexts.generate(in),
                distress.generate(in),
                triggers.generate(in),
                behaviors.generate(in),
                coping.generate(in),
                notes.generate(in),
                null,
                null);
    }

    /** Check-ins as the ingest service writes them to the topic. */
    public static Gen<CheckIn> storedCheckIns() {
        return clientCheckIns().zip(userIds(), receivedAts(), CheckIn::received);
    }

    public static Gen<ThoughtRecord> thoughtRecords() {
        Gen<String> automatic = texts(1, 2000).assuming(EventGens::hasLetterOrDigit);
        Gen<String> optional = orNull(texts(0, 2000), 0.3);
        Gen<Integer> belief = ints(0, 100);
        return in -> new ThoughtRecord(
                automatic.generate(in),
                optional.generate(in),
                optional.generate(in),
                optional.generate(in),
                belief.generate(in),
                belief.generate(in));
    }

    /** Journal entries as a client sends them: non-blank text, a thought record, or both. */
    public static Gen<JournalEntry> clientJournalEntries() {
        Gen<String> someText = texts(1, 10_000).assuming(EventGens::hasLetterOrDigit);
        return uuids().zip(
                        occurredAtInWindow(),
                        Gens.<String>oneOf(someText, orNull(texts(0, 50), 0.5)),
                        orNull(thoughtRecords(), 0.4),
                        (id, at, text, record) -> new JournalEntry(id, at, text, record, null, null))
                .assuming(e -> e.thoughtRecord() != null || (e.text() != null && hasLetterOrDigit(e.text())));
    }

    public static Gen<JournalEntry> storedJournalEntries() {
        return clientJournalEntries().zip(userIds(), receivedAts(), JournalEntry::received);
    }

    /** Surely not blank, whatever definition of blank one holds. */
    public static boolean hasLetterOrDigit(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    public static boolean isEnumName(String s, Enum<?>[] values) {
        return Arrays.stream(values).anyMatch(v -> v.name().equals(s));
    }

    /** Any JSON value, nested up to three levels (kept small: generation, not validation, dominates the cost), with objects that mostly use the events' own field names. */
    public static Gen<JsonNode> anyJson() {
        return Gens.recursive(jsonLeaves(), EventGens::jsonContainers, 0, 3);
    }

    /** A JSON object at the top, so the validators rather than the "not an object" check get exercised. */
    public static Gen<ObjectNode> anyJsonObject() {
        return jsonObjects(anyJson());
    }

    private static Gen<JsonNode> jsonLeaves() {
        return Gens.<JsonNode>oneOf(
                Gens.just(NODES.nullNode()),
                Gens.booleans().map(NODES::booleanNode),
                Gens.ints().map(NODES::numberNode),
                ints(-2, 102).map(NODES::numberNode),
                Gens.doubles().map(NODES::numberNode),
                Gens.bigIntegers(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode),
                strings(0, 30).map(NODES::textNode),
                Gens.of(vocabulary()).map(NODES::textNode),
                uuids().map(u -> NODES.textNode(u.toString())),
                occurredAtInWindow().map(t -> NODES.textNode(t.toString())),
                occurredAtInWindow().map(t -> NODES.textNode(t.toLocalDateTime().toString())));
    }

    private static Gen<JsonNode> jsonContainers(Gen<JsonNode> element) {
        return Gens.<JsonNode>oneOf(
                lists(element, 0, 5).map(items -> {
                    ArrayNode array = NODES.arrayNode();
                    items.forEach(array::add);
                    return array;
                }),
                jsonObjects(element));
    }

    private static Gen<ObjectNode> jsonObjects(Gen<JsonNode> value) {
        Gen<String> keys = Gens.frequency(Gens.weighted(5, Gens.of(FIELD_NAMES)), Gens.weighted(1, strings(0, 70)));
        return lists(keys.zip(value, Map::entry), 0, 8).map(entries -> {
            ObjectNode object = NODES.objectNode();
            entries.forEach(e -> object.set(e.getKey(), e.getValue()));
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
