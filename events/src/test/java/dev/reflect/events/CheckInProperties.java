package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.lists;
import static dev.reflect.proptest.Gens.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class CheckInProperties {

    private static final String USER = "u-1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Prefixed to generated private text, so an echo of even part of it is caught. */
    private static final String MARKER = "n0te:";

    private final EventParser parser = Samples.parser();

    @Test
    void everyValidStoredCheckInRoundTripsThroughTheTopic() {
        PropertyCheck.tries(1000).forAll(EventGens.storedCheckIns(), this::roundTripsThroughTheTopic);
    }

    private void roundTripsThroughTheTopic(CheckIn checkIn) {
        byte[] value = Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn);

        assertThat(parser.storedCheckIn(value).errors()).isEmpty();
        assertThat(parser.storedCheckIn(value).value()).isEqualTo(checkIn);
        assertThat(Topics.CHECKINS.valueSerde().deserializer().deserialize(Topics.CHECKINS.name(), value))
                .isEqualTo(checkIn);
    }

    @Test
    void everyValidCheckInIsAcceptedFromItsClient() {
        PropertyCheck.tries(1000).forAll(EventGens.clientCheckIns(), this::isAcceptedFromItsClient);
    }

    private void isAcceptedFromItsClient(CheckIn checkIn) {
        JsonNode body = Json.mapper().valueToTree(checkIn);

        Validated<CheckIn> fromBytes = parser.clientCheckIn(bytes(body), USER);
        Validated<CheckIn> fromBatchItem = parser.clientCheckIn(body, USER);

        assertThat(fromBytes.errors()).isEmpty();
        assertThat(fromBytes.value()).isEqualTo(checkIn);
        assertThat(fromBatchItem).isEqualTo(fromBytes);
    }

    @Test
    void anySingleInvalidValueIsReportedOnThatFieldAlone() {
        PropertyCheck.tries(1000).forAll(mutatedCheckIns(), this::isReportedOnThatFieldAlone);
    }

    private void isReportedOnThatFieldAlone(Mutated mutated) {
        ObjectNode body = Json.mapper().valueToTree(mutated.original());
        mutated.mutation().change().accept(body);

        List<FieldError> errors = parser.storedCheckIn(bytes(body)).errors();

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly(mutated.mutation().field());
    }

    @Test
    void occurredAtOutsideTheWindowIsReportedOnOccurredAtAlone() {
        PropertyCheck.tries(1000)
                .forAll(
                        EventGens.clientCheckIns(),
                        EventGens.occurredAtOutsideWindow(),
                        this::outsideTheWindowIsReportedOnOccurredAtAlone);
    }

    private void outsideTheWindowIsReportedOnOccurredAtAlone(CheckIn checkIn, OffsetDateTime occurredAt) {
        ObjectNode body = Json.mapper().valueToTree(checkIn);
        body.put("occurredAt", occurredAt.toString());

        List<FieldError> errors = parser.clientCheckIn(bytes(body), USER).errors();

        String expected = occurredAt.toInstant().isAfter(Samples.NOW)
                ? ValidationMessages.TOO_FAR_AHEAD
                : ValidationMessages.TOO_OLD;
        assertThat(errors).containsExactly(new FieldError("occurredAt", expected));
        assertThat(parser.storedCheckIn(bytes(body.put("userId", USER).put("receivedAt", Samples.NOW.toString())))
                        .errors())
                .isEmpty();
    }

    @Test
    void noErrorRepeatsWhatTheUserWrote() {
        PropertyCheck.tries(1000)
                .forAll(EventGens.clientCheckIns(), EventGens.texts(0, 200).map(t -> MARKER + t), this::noErrorRepeats);
    }

    private void noErrorRepeats(CheckIn checkIn, String secret) {
        ObjectNode body = Json.mapper().valueToTree(checkIn);
        for (String field : List.of("eventId", "occurredAt", "context", "distress", "userId", "receivedAt")) {
            body.put(field, secret);
        }
        body.put("note", secret.repeat(2001 / secret.length() + 1));
        body.putArray("triggers").addObject().put("category", secret).put("tiedToPast", secret);
        body.putArray("behaviors").addObject().put("type", secret).put("count", secret);
        body.putArray("coping").add(secret);
        body.put(secret, secret);

        List<FieldError> errors = parser.clientCheckIn(bytes(body), USER).errors();

        assertThat(errors).hasSize(13);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.field()).doesNotContain(MARKER);
            assertThat(e.message()).doesNotContain(MARKER);
        });
    }

    /** One change that makes exactly one field invalid, and the field it should be reported on. */
    record Mutation(String field, String description, Consumer<ObjectNode> change) {
        @Override
        public String toString() {
            return field + ": " + description;
        }
    }

    record Mutated(CheckIn original, Mutation mutation) {}

    private static Gen<Mutated> mutatedCheckIns() {
        return EventGens.storedCheckIns().flatMap(c -> mutationsOf(c).map(m -> new Mutated(c, m)));
    }

    private static Gen<Mutation> mutationsOf(CheckIn checkIn) {
        List<Gen<Mutation>> choices = new ArrayList<>(List.of(
                outside(0, 10).map(v -> set("distress", NODES.numberNode(v))),
                fractions().map(v -> set("distress", NODES.numberNode(v))),
                strings(0, 5).map(v -> set("distress", NODES.textNode(v))),
                notOneOf(Context.values()).map(v -> set("context", NODES.textNode(v))),
                strings(0, 40)
                        .assuming(v -> !EventGens.UUID_SHAPE.matcher(v).matches())
                        .map(v -> set("eventId", NODES.textNode(v))),
                EventGens.occurredAtInWindow()
                        .map(t -> set(
                                "occurredAt", NODES.textNode(t.toLocalDateTime().toString()))),
                strings(CharSet.alpha(), 1, 80).map(v -> set("occurredAt", NODES.textNode(v))),
                EventGens.texts(2001, 2600).map(v -> set("note", NODES.textNode(v))),
                Gens.ints().map(v -> set("note", NODES.numberNode(v))),
                Gens.of("eventId", "occurredAt", "context", "distress", "userId", "receivedAt")
                        .map(f -> new Mutation(f, "removed", b -> b.remove(f))),
                unknownNames().map(n -> new Mutation(n, "added", b -> b.put(n, 1))),
                strings(CharSet.whitespace(), 0, 5).map(v -> set("userId", NODES.textNode(v))),
                strings(CharSet.none().range('!', '~'), EventRules.MAX_USER_ID_LENGTH + 1, 300)
                        .map(v -> set("userId", NODES.textNode(v))),
                EventGens.receivedAts()
                        .map(t -> set("receivedAt", NODES.textNode(t.toString().replace("Z", "")))),
                lists(EventGens.triggers(), 11, 20)
                        .map(ts -> set("triggers", Json.mapper().valueToTree(ts))),
                lists(EventGens.behaviors(), 9, 16)
                        .map(bs -> set("behaviors", Json.mapper().valueToTree(bs)))));
        for (int i = 0; i < checkIn.triggers().size(); i++) {
            String at = "triggers[" + i + "]";
            int index = i;
            choices.add(notOneOf(TriggerCategory.values())
                    .map(v -> setIn("triggers", index, at + ".category", "category", NODES.textNode(v))));
            choices.add(Gens.ints()
                    .map(v -> setIn("triggers", index, at + ".tiedToPast", "tiedToPast", NODES.numberNode(v))));
            choices.add(Gens.just(new Mutation(
                    at + ".category",
                    "removed",
                    b -> ((ObjectNode) b.get("triggers").get(index)).remove("category"))));
            choices.add(unknownNames().map(n -> setIn("triggers", index, at + "." + n, n, NODES.booleanNode(true))));
        }
        for (int i = 0; i < checkIn.behaviors().size(); i++) {
            String at = "behaviors[" + i + "]";
            int index = i;
            choices.add(
                    outside(1, 100).map(v -> setIn("behaviors", index, at + ".count", "count", NODES.numberNode(v))));
            choices.add(fractions().map(v -> setIn("behaviors", index, at + ".count", "count", NODES.numberNode(v))));
            choices.add(notOneOf(BehaviorType.values())
                    .map(v -> setIn("behaviors", index, at + ".type", "type", NODES.textNode(v))));
        }
        if (!checkIn.coping().isEmpty()) {
            choices.add(Gens.of(checkIn.coping())
                    .map(c ->
                            new Mutation("coping", "repeated " + c, b -> ((ArrayNode) b.get("coping")).add(c.name()))));
            choices.add(ints(0, checkIn.coping().size() - 1)
                    .zip(
                            notOneOf(CopingStrategy.values()),
                            (index, value) -> new Mutation(
                                    "coping[" + index + "]",
                                    "replaced by " + value,
                                    b -> ((ArrayNode) b.get("coping")).set(index, NODES.textNode(value)))));
        }
        return Gens.oneOf(choices);
    }

    private static Mutation set(String field, JsonNode value) {
        return new Mutation(field, "set to " + value, b -> b.set(field, value));
    }

    private static Mutation setIn(String array, int index, String path, String field, JsonNode value) {
        return new Mutation(
                path, "set to " + value, b -> ((ObjectNode) b.get(array).get(index)).set(field, value));
    }

    private static Gen<Integer> outside(int min, int max) {
        return Gens.oneOf(ints(Integer.MIN_VALUE, min - 1), ints(max + 1, Integer.MAX_VALUE));
    }

    private static Gen<Double> fractions() {
        return Gens.doubles(-1000, 1000, 3).assuming(d -> d != Math.rint(d));
    }

    private static Gen<String> notOneOf(Enum<?>[] values) {
        return strings(0, 30).assuming(s -> !EventGens.isEnumName(s, values));
    }

    private static Gen<String> unknownNames() {
        return strings(CharSet.none().range('a', 'z'), 1, 30).assuming(n -> !EventGens.FIELD_NAMES.contains(n));
    }
}
