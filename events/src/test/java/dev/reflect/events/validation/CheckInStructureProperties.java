package dev.reflect.events.validation;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.proptest.Gens.enums;
import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.lists;
import static dev.reflect.proptest.Gens.strings;
import static dev.reflect.proptest.Gens.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EventGens;
import dev.reflect.events.Json;
import dev.reflect.events.Samples;
import dev.reflect.events.TriggerCategory;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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

    @Test
    void mutatedClientBodiesAreJudgedAlike() {
        PropertyCheck.tries(2000).forAll(mutated(clientBodies()), this::assertSameVerdict);
    }

    @Test
    void mutatedStoredRecordsAreJudgedAlike() {
        PropertyCheck.tries(1000)
                .forAll(
                        mutated(EventGens.storedCheckIns()
                                .map(c -> Json.mapper().valueToTree(c))),
                        this::assertSameVerdict);
    }

    @Test
    void arbitraryObjectsAreJudgedAlike() {
        PropertyCheck.tries(1000).forAll(EventGens.anyJsonObject(), this::assertSameVerdict);
    }

    @Test
    void validBodiesAreAcceptedByBoth() {
        PropertyCheck.tries(300).forAll(clientBodies(), body -> {
            assertThat(handWritten.clientCheckIn(bytes(body), USER).errors()).isEmpty();
            assertThat(readPlainlyValid(bytes(body))).as("read without a tree").isNotNull();
            assertSameVerdict(body);
        });
    }

    /** The one length where UTF-16 units and code points part ways on an otherwise valid body. */
    @Test
    void notesAroundTheLimitAreJudgedAlike() {
        PropertyCheck.tries(200).forAll(clientBodies(), notesAroundTheLimit(), (body, note) -> {
            body.put("note", note);
            assertSameVerdict(body);
        });
    }

    private static Gen<String> notesAroundTheLimit() {
        return ints(1995, 2005).zip(Gens.of("a", "\uD83D\uDE00", "é"), (codePoints, unit) -> unit.repeat(codePoints));
    }

    /** Numbers as clients spell them, including ones a double cannot hold, which only exist as bytes. */
    @Test
    void numbersSpelledInTheBodyAreJudgedAlike() {
        PropertyCheck.tries(200)
                .forAll(clientBodies(), numberSpellings(), numberSpellings(), this::numbersAreJudgedAlike);
    }

    private void numbersAreJudgedAlike(ObjectNode body, String distress, String count) {
        body.put("distress", 0);
        body.putArray("behaviors").addObject().put("type", "ACCUSED").put("count", 1);
        String json = body.toString()
                .replace("\"distress\":0", "\"distress\":" + distress)
                .replace("\"count\":1", "\"count\":" + count);
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(handWritten.clientCheckIn(bytes, USER)).as(json).isEqualTo(bySchema.clientCheckIn(bytes, USER));
        assertThat(handWritten.storedCheckIn(bytes)).as(json).isEqualTo(bySchema.storedCheckIn(bytes));
    }

    private static Gen<String> numberSpellings() {
        return Gens.of(
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

    private static Gen<ObjectNode> clientBodies() {
        return EventGens.clientCheckIns().map(c -> Json.mapper().valueToTree(c));
    }

    private static Gen<ObjectNode> mutated(Gen<ObjectNode> bodies) {
        return bodies.zip(lists(mutation(), 1, 4), (body, changes) -> {
            changes.forEach(change -> change.accept(body));
            return body;
        });
    }

    /** One change somewhere in a body: a field, or a field of a trigger or behaviour, or a coping item. */
    private static Gen<Consumer<ObjectNode>> mutation() {
        Gen<String> topLevel = Gens.of(CheckIn.FIELDS);
        Gen<Consumer<ObjectNode>> setTop = topLevel.zip(values(), (field, value) -> b -> b.set(field, value));
        Gen<Consumer<ObjectNode>> textAtItsBound = Gens.of("eventId", "occurredAt", "note", "userId", "receivedAt")
                .zip(stringsAroundLengths(), (field, text) -> b -> b.put(field, text));
        Gen<Consumer<ObjectNode>> removeTop = topLevel.map(field -> b -> b.remove(field));
        Gen<Consumer<ObjectNode>> unknown = names().zip(values(), (name, value) -> b -> b.set(name, value));
        Gen<Consumer<ObjectNode>> inTrigger = ints(0, 11)
                .zip(
                        Gens.of("category", "tiedToPast", "count", "x"),
                        Gens.orNull(values(), 0.2),
                        (index, field, value) -> b -> changeItem(b, "triggers", index, field, value));
        Gen<Consumer<ObjectNode>> inBehavior = ints(0, 9)
                .zip(
                        Gens.of("type", "count", "category", "y"),
                        Gens.orNull(values(), 0.2),
                        (index, field, value) -> b -> changeItem(b, "behaviors", index, field, value));
        Gen<Consumer<ObjectNode>> inCoping = ints(0, 7).zip(values(), (index, value) -> b -> {
            if (b.get("coping") instanceof ArrayNode coping) {
                if (index < coping.size()) {
                    coping.set(index, value);
                } else {
                    coping.add(value);
                }
            }
        });
        Gen<Consumer<ObjectNode>> repeatCoping = Gens.just(b -> {
            if (b.get("coping") instanceof ArrayNode coping && !coping.isEmpty()) {
                coping.add(coping.get(0).deepCopy());
            }
        });
        Gen<Consumer<ObjectNode>> itemReplaced = Gens.of("triggers", "behaviors")
                .zip(ints(0, 3), values(), (array, index, value) -> b -> {
                    if (b.get(array) instanceof ArrayNode items && index < items.size()) {
                        items.set(index, value);
                    }
                });
        return Gens.frequency(
                weighted(6, setTop),
                weighted(3, textAtItsBound),
                weighted(2, removeTop),
                weighted(2, unknown),
                weighted(3, inTrigger),
                weighted(3, inBehavior),
                weighted(2, inCoping),
                weighted(1, repeatCoping),
                weighted(1, itemReplaced));
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

    private static Gen<String> names() {
        return Gens.oneOf(
                Gens.of(EventGens.FIELD_NAMES),
                strings(0, 70),
                strings(CharSet.none().range('a', 'z'), 1, 10));
    }

    /** Values that sit on or just past the rules' edges, plus anything at all. */
    private static Gen<JsonNode> values() {
        return Gens.<JsonNode>oneOf(
                ints(-2, 12).map(NODES::numberNode),
                Gens.of(0, 1, 10, 100, 101, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .map(NODES::numberNode),
                Gens.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40).map(NODES::numberNode),
                Gens.of(0.0, -0.0, 1.0, 5.0, 10.0, 100.0, 10.5, 1.5, 1e20, -1e20, 1e300, 10.000000000000002)
                        .map(NODES::numberNode),
                Gens.bigIntegers(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
                        .map(NODES::numberNode),
                Gens.just(NODES.nullNode()),
                Gens.booleans().map(NODES::booleanNode),
                enumNames().map(NODES::textNode),
                nearUuids().map(NODES::textNode),
                dateTimes().map(NODES::textNode),
                stringsAroundLengths().map(NODES::textNode),
                strings(0, 20).map(NODES::textNode),
                lists(EventGens.triggers(), 0, 12).map(t -> Json.mapper().valueToTree(t)),
                lists(EventGens.behaviors(), 0, 10).map(b -> Json.mapper().valueToTree(b)),
                lists(enums(CopingStrategy.class), 0, 8).map(c -> Json.mapper().valueToTree(c)),
                EventGens.anyJson());
    }

    private static Gen<String> enumNames() {
        return Gens.oneOf(
                enums(Context.class).map(Enum::name),
                enums(TriggerCategory.class).map(Enum::name),
                enums(BehaviorType.class).map(Enum::name),
                enums(CopingStrategy.class).map(Enum::name),
                Gens.of("romantic", "WORK ", "", "OTHER\u0000"));
    }

    private static Gen<String> nearUuids() {
        Gen<java.util.UUID> uuids = EventGens.uuids();
        return Gens.oneOf(
                uuids.map(Object::toString),
                uuids.map(u -> u.toString().toUpperCase(java.util.Locale.ROOT)),
                uuids.map(u -> u.toString().replace('-', 'x')),
                uuids.map(u -> u.toString().substring(1)),
                uuids.map(u -> u.toString() + "0"),
                uuids.map(u -> u.toString().replace("-", "")),
                uuids.map(u -> "\uD83D\uDE00" + u.toString().substring(2)),
                Gens.just("1-2-3-4-5"));
    }

    private static Gen<String> dateTimes() {
        return Gens.oneOf(
                EventGens.occurredAtInWindow().map(Object::toString),
                EventGens.occurredAtInWindow().map(t -> t.toLocalDateTime().toString()),
                EventGens.occurredAtOutsideWindow().map(Object::toString),
                EventGens.receivedAts().map(Object::toString),
                Gens.of(
                        "1969-12-31T23:59:59Z",
                        "+10000-01-01T00:00:00Z",
                        "2026-11-26",
                        "2026-11-26T25:00:00Z",
                        "2026-11-26T21:14:00.123456789012345678901234567890123456789012345678901+01:00"));
    }

    /** Plain and astral-plane text around the 1, 36, 64, 128 and 2000 bounds, where UTF-16 and code-point counts differ. */
    private static Gen<String> stringsAroundLengths() {
        return Gens.of(0, 1, 35, 36, 37, 63, 64, 65, 127, 128, 129, 1999, 2000, 2001)
                .zip(
                        ints(0, 2),
                        Gens.of("a", " ", "\uD83D\uDE00", "é"),
                        (codePoints, delta, unit) -> unit.repeat(Math.max(0, codePoints + delta - 1)));
    }
}
