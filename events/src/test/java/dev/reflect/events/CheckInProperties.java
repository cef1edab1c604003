package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CheckInProperties {

    private static final String USER = "u-1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Prefixed to generated private text, so an echo of even part of it is caught. */
    private static final String MARKER = "n0te:";

    private final EventParser parser = Samples.parser();

    @Property
    void everyValidStoredCheckInRoundTripsThroughTheTopic(@ForAll("storedCheckIns") CheckIn checkIn) {
        byte[] value = Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn);

        assertThat(parser.storedCheckIn(value).errors()).isEmpty();
        assertThat(parser.storedCheckIn(value).value()).isEqualTo(checkIn);
        assertThat(Topics.CHECKINS.valueSerde().deserializer().deserialize(Topics.CHECKINS.name(), value))
                .isEqualTo(checkIn);
    }

    @Property
    void everyValidCheckInIsAcceptedFromItsClient(@ForAll("clientCheckIns") CheckIn checkIn) {
        JsonNode body = Json.mapper().valueToTree(checkIn);

        Validated<CheckIn> fromBytes = parser.clientCheckIn(bytes(body), USER);
        Validated<CheckIn> fromBatchItem = parser.clientCheckIn(body, USER);

        assertThat(fromBytes.errors()).isEmpty();
        assertThat(fromBytes.value()).isEqualTo(checkIn);
        assertThat(fromBatchItem).isEqualTo(fromBytes);
    }

    @Property
    void anySingleInvalidValueIsReportedOnThatFieldAlone(@ForAll("mutatedCheckIns") Mutated mutated) {
        ObjectNode body = Json.mapper().valueToTree(mutated.original());
        mutated.mutation().change().accept(body);

        List<FieldError> errors = parser.storedCheckIn(bytes(body)).errors();

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly(mutated.mutation().field());
    }

    @Property
    void occurredAtOutsideTheWindowIsReportedOnOccurredAtAlone(
            @ForAll("clientCheckIns") CheckIn checkIn, @ForAll("outsideWindow") OffsetDateTime occurredAt) {
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

    @Property
    void noErrorRepeatsWhatTheUserWrote(
            @ForAll("clientCheckIns") CheckIn checkIn, @ForAll("privateTexts") String secret) {
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

    @Provide
    Arbitrary<CheckIn> storedCheckIns() {
        return EventArbitraries.storedCheckIns();
    }

    @Provide
    Arbitrary<CheckIn> clientCheckIns() {
        return EventArbitraries.clientCheckIns();
    }

    @Provide
    Arbitrary<OffsetDateTime> outsideWindow() {
        return EventArbitraries.occurredAtOutsideWindow();
    }

    @Provide
    Arbitrary<String> privateTexts() {
        return EventArbitraries.texts(0, 200).map(t -> MARKER + t);
    }

    /** One change that makes exactly one field invalid, and the field it should be reported on. */
    record Mutation(String field, String description, Consumer<ObjectNode> change) {
        @Override
        public String toString() {
            return field + ": " + description;
        }
    }

    record Mutated(CheckIn original, Mutation mutation) {}

    @Provide
    Arbitrary<Mutated> mutatedCheckIns() {
        return EventArbitraries.storedCheckIns().flatMap(c -> mutationsOf(c).map(m -> new Mutated(c, m)));
    }

    private static Arbitrary<Mutation> mutationsOf(CheckIn checkIn) {
        List<Arbitrary<Mutation>> choices = new ArrayList<>(List.of(
                outside(0, 10).map(v -> set("distress", NODES.numberNode(v))),
                fractions().map(v -> set("distress", NODES.numberNode(v))),
                Arbitraries.strings().ofMaxLength(5).map(v -> set("distress", NODES.textNode(v))),
                notOneOf(Context.values()).map(v -> set("context", NODES.textNode(v))),
                Arbitraries.strings()
                        .ofMaxLength(40)
                        .filter(v -> !EventArbitraries.UUID_SHAPE.matcher(v).matches())
                        .map(v -> set("eventId", NODES.textNode(v))),
                EventArbitraries.occurredAtInWindow()
                        .map(t -> set(
                                "occurredAt", NODES.textNode(t.toLocalDateTime().toString()))),
                Arbitraries.strings()
                        .alpha()
                        .ofMinLength(1)
                        .ofMaxLength(80)
                        .map(v -> set("occurredAt", NODES.textNode(v))),
                EventArbitraries.texts(2001, 2600).map(v -> set("note", NODES.textNode(v))),
                Arbitraries.integers().map(v -> set("note", NODES.numberNode(v))),
                Arbitraries.of("eventId", "occurredAt", "context", "distress", "userId", "receivedAt")
                        .map(f -> new Mutation(f, "removed", b -> b.remove(f))),
                unknownNames().map(n -> new Mutation(n, "added", b -> b.put(n, 1))),
                Arbitraries.strings().whitespace().ofMaxLength(5).map(v -> set("userId", NODES.textNode(v))),
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .ofMinLength(EventRules.MAX_USER_ID_LENGTH + 1)
                        .ofMaxLength(300)
                        .map(v -> set("userId", NODES.textNode(v))),
                EventArbitraries.receivedAts()
                        .map(t -> set("receivedAt", NODES.textNode(t.toString().replace("Z", "")))),
                EventArbitraries.triggers()
                        .list()
                        .ofMinSize(11)
                        .ofMaxSize(20)
                        .map(ts -> set("triggers", Json.mapper().valueToTree(ts))),
                EventArbitraries.behaviors()
                        .list()
                        .ofMinSize(9)
                        .ofMaxSize(16)
                        .map(bs -> set("behaviors", Json.mapper().valueToTree(bs)))));
        for (int i = 0; i < checkIn.triggers().size(); i++) {
            String at = "triggers[" + i + "]";
            int index = i;
            choices.add(notOneOf(TriggerCategory.values())
                    .map(v -> setIn("triggers", index, at + ".category", "category", NODES.textNode(v))));
            choices.add(Arbitraries.integers()
                    .map(v -> setIn("triggers", index, at + ".tiedToPast", "tiedToPast", NODES.numberNode(v))));
            choices.add(Arbitraries.just(new Mutation(
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
            choices.add(Arbitraries.of(checkIn.coping())
                    .map(c ->
                            new Mutation("coping", "repeated " + c, b -> ((ArrayNode) b.get("coping")).add(c.name()))));
            choices.add(Combinators.combine(
                            Arbitraries.integers().between(0, checkIn.coping().size() - 1),
                            notOneOf(CopingStrategy.values()))
                    .as((index, value) -> new Mutation(
                            "coping[" + index + "]",
                            "replaced by " + value,
                            b -> ((ArrayNode) b.get("coping")).set(index, NODES.textNode(value)))));
        }
        return Arbitraries.oneOf(choices);
    }

    private static Mutation set(String field, JsonNode value) {
        return new Mutation(field, "set to " + value, b -> b.set(field, value));
    }

    private static Mutation setIn(String array, int index, String path, String field, JsonNode value) {
        return new Mutation(
                path, "set to " + value, b -> ((ObjectNode) b.get(array).get(index)).set(field, value));
    }

    private static Arbitrary<Integer> outside(int min, int max) {
        return Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(min - 1),
                Arbitraries.integers().greaterOrEqual(max + 1));
    }

    private static Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(-1000, 1000).ofScale(3).filter(d -> d != Math.rint(d));
    }

    private static Arbitrary<String> notOneOf(Enum<?>[] values) {
        return Arbitraries.strings().ofMaxLength(30).filter(s -> !EventArbitraries.isEnumName(s, values));
    }

    private static Arbitrary<String> unknownNames() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(n -> !EventArbitraries.FIELD_NAMES.contains(n));
    }
}
