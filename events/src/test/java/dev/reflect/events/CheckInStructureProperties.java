package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The hand-written check-in rules ({@link CheckInStructure}) and the published JSON Schema
 * (through the schema validator, {@link CompiledSchema#CHECK_IN}) accept the same bodies and,
 * for the rest, report the same problems: the same fields, in the same order, with the same
 * messages. Compared through the whole parser, so the record built from an accepted body must
 * be equal too, and clock, ownership and server-field rules sit on top of both alike.
 *
 * <p>Also holds the tree-less reader of plainly valid check-ins ({@link ValidCheckInReader}) to
 * the tree path: what it returns is the tree path's value.
 *
 * <p>Bodies: valid check-ins from a client and from the topic, the same with one to four
 * mutations (wrong types, removed required fields, numbers at and beyond their bounds and with
 * fractions, unknown enum values, unknown fields, strings at and beyond their lengths counted in
 * code points, bad UUIDs and date-times, too many or repeated items, nulls), and arbitrary JSON
 * objects over the events' field names.
 */
class CheckInStructureProperties {

    private static final String USER = "u-1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventParser handWritten = Samples.parser();
    private final EventParser bySchema = new EventParser(Samples.clock(), CompiledSchema.CHECK_IN);

    @Property(tries = 2000)
    void mutatedClientBodiesAreJudgedAlike(@ForAll("mutatedClientBodies") ObjectNode body) {
        assertSameVerdict(body);
    }

    @Property(tries = 1000)
    void mutatedStoredRecordsAreJudgedAlike(@ForAll("mutatedStoredBodies") ObjectNode body) {
        assertSameVerdict(body);
    }

    @Property(tries = 1000)
    void arbitraryObjectsAreJudgedAlike(@ForAll("arbitraryObjects") ObjectNode body) {
        assertSameVerdict(body);
    }

    @Property(tries = 300)
    void validBodiesAreAcceptedByBoth(@ForAll("clientBodies") ObjectNode body) {
        assertThat(handWritten.clientCheckIn(bytes(body), USER).errors()).isEmpty();
        assertThat(readPlainlyValid(bytes(body))).as("read without a tree").isNotNull();
        assertSameVerdict(body);
    }

    /** The one length where UTF-16 units and code points part ways on an otherwise valid body. */
    @Property(tries = 200)
    void notesAroundTheLimitAreJudgedAlike(
            @ForAll("clientBodies") ObjectNode body, @ForAll("notesAroundTheLimit") String note) {
        body.put("note", note);
        assertSameVerdict(body);
    }

    @Provide
    Arbitrary<String> notesAroundTheLimit() {
        return Combinators.combine(Arbitraries.integers().between(1995, 2005), Arbitraries.of("a", "\uD83D\uDE00", "é"))
                .as((codePoints, unit) -> unit.repeat(codePoints));
    }

    /** Numbers as clients spell them, including ones a double cannot hold, which only exist as bytes. */
    @Property(tries = 200)
    void numbersSpelledInTheBodyAreJudgedAlike(
            @ForAll("clientBodies") ObjectNode body,
            @ForAll("numberSpellings") String distress,
            @ForAll("numberSpellings") String count) {
        body.put("distress", 0);
        body.putArray("behaviors").addObject().put("type", "ACCUSED").put("count", 1);
        String json = body.toString()
                .replace("\"distress\":0", "\"distress\":" + distress)
                .replace("\"count\":1", "\"count\":" + count);
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(handWritten.clientCheckIn(bytes, USER)).as(json).isEqualTo(bySchema.clientCheckIn(bytes, USER));
        assertThat(handWritten.storedCheckIn(bytes)).as(json).isEqualTo(bySchema.storedCheckIn(bytes));
    }

    @Provide
    Arbitrary<String> numberSpellings() {
        return Arbitraries.of(
                "0",
                "-0",
                "1",
                "5.0",
                "1e1",
                "1E400",
                "-1E400",
                "10.0e0",
                "100",
                "100.000",
                "101",
                "1e-400",
                "0.5e1",
                "12345678901234567890123",
                "-12345678901234567890123",
                "1.0000000000000000001",
                "9.99999999999999999999");
    }

    /**
     * The reference is the schema validator on the tree. Bytes from a client go through the
     * tree-less reader of plainly valid check-ins first; whatever it returns must be the
     * reference's value, and whatever it declines must get the reference's verdict from the tree.
     */
    private void assertSameVerdict(ObjectNode body) {
        byte[] json = bytes(body);
        Validated<CheckIn> reference = bySchema.clientCheckIn(body, USER);
        assertThat(handWritten.clientCheckIn(body, USER))
                .as("batch item %s", body)
                .isEqualTo(reference);
        assertThat(handWritten.clientCheckIn(json, USER))
                .as("client body %s", body)
                .isEqualTo(reference);
        CheckIn plainlyValid = readPlainlyValid(json);
        if (plainlyValid != null) {
            assertThat(reference).as("read without a tree: %s", body).isEqualTo(Validated.valid(plainlyValid));
        }
        assertThat(handWritten.storedCheckIn(json))
                .as("stored record %s", body)
                .isEqualTo(bySchema.storedCheckIn(json));
    }

    private CheckIn readPlainlyValid(byte[] json) {
        try (JsonParser parser = Json.mapper().createParser(json)) {
            parser.nextToken();
            return handWritten.readPlainlyValidClientCheckIn(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<ObjectNode> clientBodies() {
        return EventArbitraries.clientCheckIns().map(c -> Json.mapper().valueToTree(c));
    }

    @Provide
    Arbitrary<ObjectNode> mutatedClientBodies() {
        return mutated(clientBodies());
    }

    @Provide
    Arbitrary<ObjectNode> mutatedStoredBodies() {
        return mutated(EventArbitraries.storedCheckIns().map(c -> Json.mapper().valueToTree(c)));
    }

    @Provide
    Arbitrary<ObjectNode> arbitraryObjects() {
        return EventArbitraries.anyJsonObject();
    }

    private static Arbitrary<ObjectNode> mutated(Arbitrary<ObjectNode> bodies) {
        return Combinators.combine(bodies, mutation().list().ofMinSize(1).ofMaxSize(4))
                .as((body, changes) -> {
                    changes.forEach(change -> change.accept(body));
                    return body;
                });
    }

    /** One change somewhere in a body: a field, or a field of a trigger or behaviour, or a coping item. */
    private static Arbitrary<Consumer<ObjectNode>> mutation() {
        Arbitrary<String> topLevel = Arbitraries.of(
                "eventId",
                "occurredAt",
                "context",
                "distress",
                "triggers",
                "behaviors",
                "coping",
                "note",
                "userId",
                "receivedAt");
        Arbitrary<Consumer<ObjectNode>> setTop =
                Combinators.combine(topLevel, values()).as((field, value) -> b -> b.set(field, value));
        Arbitrary<Consumer<ObjectNode>> textAtItsBound = Combinators.combine(
                        Arbitraries.of("eventId", "occurredAt", "note", "userId", "receivedAt"), stringsAroundLengths())
                .as((field, text) -> b -> b.put(field, text));
        Arbitrary<Consumer<ObjectNode>> removeTop = topLevel.map(field -> b -> b.remove(field));
        Arbitrary<Consumer<ObjectNode>> unknown =
                Combinators.combine(names(), values()).as((name, value) -> b -> b.set(name, value));
        Arbitrary<Consumer<ObjectNode>> inTrigger = Combinators.combine(
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.of("category", "tiedToPast", "count", "x"),
                        values().injectNull(0.2))
                .as((index, field, value) -> b -> changeItem(b, "triggers", index, field, value));
        Arbitrary<Consumer<ObjectNode>> inBehavior = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.of("type", "count", "category", "y"),
                        values().injectNull(0.2))
                .as((index, field, value) -> b -> changeItem(b, "behaviors", index, field, value));
        Arbitrary<Consumer<ObjectNode>> inCoping = Combinators.combine(
                        Arbitraries.integers().between(0, 7), values())
                .as((index, value) -> b -> {
                    if (b.get("coping") instanceof ArrayNode coping) {
                        if (index < coping.size()) {
                            coping.set(index, value);
                        } else {
                            coping.add(value);
                        }
                    }
                });
        Arbitrary<Consumer<ObjectNode>> repeatCoping = Arbitraries.just(b -> {
            if (b.get("coping") instanceof ArrayNode coping && !coping.isEmpty()) {
                coping.add(coping.get(0).deepCopy());
            }
        });
        Arbitrary<Consumer<ObjectNode>> itemReplaced = Combinators.combine(
                        Arbitraries.of("triggers", "behaviors"),
                        Arbitraries.integers().between(0, 3),
                        values())
                .as((array, index, value) -> b -> {
                    if (b.get(array) instanceof ArrayNode items && index < items.size()) {
                        items.set(index, value);
                    }
                });
        return Arbitraries.frequencyOf(
                Tuple.of(6, setTop),
                Tuple.of(3, textAtItsBound),
                Tuple.of(2, removeTop),
                Tuple.of(2, unknown),
                Tuple.of(3, inTrigger),
                Tuple.of(3, inBehavior),
                Tuple.of(2, inCoping),
                Tuple.of(1, repeatCoping),
                Tuple.of(1, itemReplaced));
    }

    /** Sets (or with null, removes) {@code field} of item {@code index} of {@code array}, adding objects up to it. */
    private static void changeItem(ObjectNode body, String array, int index, String field, JsonNode value) {
        ArrayNode items = body.get(array) instanceof ArrayNode existing ? existing : body.putArray(array);
        while (items.size() <= index) {
            items.addObject()
                    .put(
                            array.equals("triggers") ? "category" : "type",
                            array.equals("triggers") ? "OTHER" : "WITHDREW");
        }
        if (items.get(index) instanceof ObjectNode item) {
            if (value == null) {
                item.remove(field);
            } else {
                item.set(field, value);
            }
        }
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of(EventArbitraries.FIELD_NAMES),
                Arbitraries.strings().ofMaxLength(70),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10));
    }

    /** Values that sit on or just past the rules' edges, plus anything at all. */
    private static Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 12).map(NODES::numberNode),
                Arbitraries.of(0, 1, 10, 100, 101, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .map(NODES::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40).map(NODES::numberNode),
                Arbitraries.of(0.0, -0.0, 1.0, 5.0, 10.0, 100.0, 10.5, 1.5, 1e20, -1e20, 1e300, 10.000000000000002)
                        .map(NODES::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
                        .map(NODES::numberNode),
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                enumNames().map(NODES::textNode),
                nearUuids().map(NODES::textNode),
                dateTimes().map(NODES::textNode),
                stringsAroundLengths().map(NODES::textNode),
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
                EventArbitraries.triggers()
                        .list()
                        .ofMaxSize(12)
                        .map(t -> Json.mapper().valueToTree(t)),
                EventArbitraries.behaviors()
                        .list()
                        .ofMaxSize(10)
                        .map(b -> Json.mapper().valueToTree(b)),
                Arbitraries.of(CopingStrategy.class)
                        .list()
                        .ofMaxSize(8)
                        .map(c -> Json.mapper().valueToTree(c)),
                EventArbitraries.anyJson());
    }

    private static Arbitrary<String> enumNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(Context.class).map(Enum::name),
                Arbitraries.of(TriggerCategory.class).map(Enum::name),
                Arbitraries.of(BehaviorType.class).map(Enum::name),
                Arbitraries.of(CopingStrategy.class).map(Enum::name),
                Arbitraries.of("romantic", "WORK ", "", "OTHER\u0000"));
    }

    private static Arbitrary<String> nearUuids() {
        return Arbitraries.oneOf(
                EventArbitraries.uuids().map(Object::toString),
                EventArbitraries.uuids().map(u -> u.toString().toUpperCase()),
                EventArbitraries.uuids().map(u -> u.toString().replace('-', 'x')),
                EventArbitraries.uuids().map(u -> u.toString().substring(1)),
                EventArbitraries.uuids().map(u -> u.toString() + "0"),
                EventArbitraries.uuids().map(u -> u.toString().replace("-", "")),
                EventArbitraries.uuids().map(u -> "\uD83D\uDE00" + u.toString().substring(2)),
                Arbitraries.just("1-2-3-4-5"));
    }

    private static Arbitrary<String> dateTimes() {
        return Arbitraries.oneOf(
                EventArbitraries.occurredAtInWindow().map(Object::toString),
                EventArbitraries.occurredAtInWindow()
                        .map(t -> t.toLocalDateTime().toString()),
                EventArbitraries.occurredAtOutsideWindow().map(Object::toString),
                EventArbitraries.receivedAts().map(Object::toString),
                Arbitraries.of(
                        "1969-12-31T23:59:59Z",
                        "+10000-01-01T00:00:00Z",
                        "2026-11-26",
                        "2026-11-26T25:00:00Z",
                        "2026-11-26T21:14:00.123456789012345678901234567890123456789012345678901+01:00"));
    }

    /** Plain and astral-plane text around the 1, 36, 64, 128 and 2000 bounds, where UTF-16 and code-point counts differ. */
    private static Arbitrary<String> stringsAroundLengths() {
        return Combinators.combine(
                        Arbitraries.of(0, 1, 35, 36, 37, 63, 64, 65, 127, 128, 129, 1999, 2000, 2001),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of("a", " ", "\uD83D\uDE00", "é"))
                .as((codePoints, delta, unit) -> unit.repeat(Math.max(0, codePoints + delta - 1)));
    }
}
