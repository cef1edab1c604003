package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.events.Samples.measure;
import static dev.reflect.events.Samples.storedMeasure;
import static dev.reflect.events.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.RejectionReason;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A GAD-7 as a client sends it (contract section 10): every problem named, field and rule. */
class ClientMeasureTest {

    private static final String USER = "u-123";

    private final EventParser parser = Samples.parser();

    @Test
    void theContractsShapeIsValidAndScoresTheSumOfTheAnswers() {
        Validated<Measure> result = parser.clientMeasure(utf8(Samples.CONTRACT_MEASURE), USER);

        assertThat(result.errors()).isEmpty();
        Measure measure = result.value();
        assertThat(measure.eventId()).isEqualTo(UUID.fromString("5a0c8e1f-2b3d-4c5e-8f9a-0b1c2d3e4f50"));
        assertThat(measure.occurredAt()).hasToString("2026-11-26T21:30+01:00");
        assertThat(measure.instrument()).isEqualTo(Instrument.GAD7);
        assertThat(measure.items()).containsExactly(2, 3, 2, 1, 0, 1, 2);
        assertThat(measure.score()).isEqualTo(11);
        assertThat(measure.userId()).isNull();
        assertThat(measure.receivedAt()).isNull();
    }

    @Test
    void theLowestAndHighestAnswersAreAllowed() {
        ObjectNode body = measure();
        items(body, 0, 0, 0, 0, 0, 0, 0);
        assertThat(parser.clientMeasure(bytes(body), USER).value().score()).isZero();

        items(body, 3, 3, 3, 3, 3, 3, 3);
        assertThat(parser.clientMeasure(bytes(body), USER).value().score()).isEqualTo(21);
    }

    @Test
    void aGad7HasExactlySevenAnswers() {
        ObjectNode body = measure();
        items(body, 1, 1, 1, 1, 1, 1);
        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("items", "must have exactly 7 items"));

        items(body, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("items", "must have exactly 7 items"));

        body.putArray("items");
        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("items", "must have exactly 7 items"));
    }

    @Test
    void eachAnswerIsAWholeNumberFromZeroToThree() {
        ObjectNode body = measure();
        ArrayNode items = items(body, 0, 1, 2, 3, 0, 1, 2);
        items.set(1, -1);
        items.set(3, 4);
        items.set(4, "2");
        items.set(5, 1.5);
        items.set(6, 2.0);

        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(
                        new FieldError("items[1]", "must be between 0 and 3"),
                        new FieldError("items[3]", "must be between 0 and 3"),
                        new FieldError("items[4]", "must be an integer"),
                        new FieldError("items[5]", "must be an integer"));
    }

    @Test
    void theInstrumentIsOneTheContractNames() {
        ObjectNode body = measure();
        body.put("instrument", "PHQ9");

        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("instrument", "must be one of GAD7"));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        ObjectNode body = measure();
        body.remove(List.of("instrument", "eventId"));
        body.put("occurredAt", "2026-11-26T09:30:00");
        body.put("items", "2,3,2,1,0,1,2");
        body.put("receivedAt", "2026-11-26T21:00:00Z");
        body.put("userId", "someone-else");
        body.put("score", 11);

        Validated<Measure> result = parser.clientMeasure(bytes(body), USER);

        assertThat(result.errors())
                .containsExactly(
                        new FieldError("eventId", ValidationMessages.REQUIRED),
                        new FieldError("occurredAt", ValidationMessages.MISSING_OFFSET),
                        new FieldError("instrument", ValidationMessages.REQUIRED),
                        new FieldError("items", "must be an array"),
                        new FieldError("userId", ValidationMessages.USER_MISMATCH),
                        new FieldError("receivedAt", ValidationMessages.SET_BY_SERVER),
                        new FieldError("score", ValidationMessages.UNKNOWN_FIELD));
        assertThat(RejectionReason.of(result.errors())).isEqualTo(RejectionReason.INVALID_SCHEMA);
    }

    @Test
    void theTimeWindowOfCheckInsApplies() {
        ObjectNode body = measure();
        body.put(
                "occurredAt",
                Samples.NOW.minus(EventRules.MAX_AGE).minusSeconds(1).toString());
        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("occurredAt", ValidationMessages.TOO_OLD));

        body.put(
                "occurredAt",
                Samples.NOW.plus(EventRules.MAX_FUTURE_SKEW).plusSeconds(1).toString());
        assertThat(parser.clientMeasure(bytes(body), USER).errors())
                .containsExactly(new FieldError("occurredAt", ValidationMessages.TOO_FAR_AHEAD));
    }

    @Test
    void aBodyThatIsNotAnObjectIsSaidSo() {
        assertThat(parser.clientMeasure(utf8("[2,3,2,1,0,1,2]"), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_AN_OBJECT));
        assertThat(parser.clientMeasure(utf8("{\"items\":"), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
        assertThat(parser.clientMeasure(new byte[0], USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
    }

    @Test
    void whatTheIngestServiceWritesIsWhatTheStreamsAppReads() {
        Measure client =
                parser.clientMeasure(utf8(Samples.CONTRACT_MEASURE), USER).value();
        Measure written = client.received(USER, Instant.parse("2026-11-26T20:30:02Z"));

        byte[] value = Topics.MEASURES.valueSerde().serializer().serialize(Topics.MEASURES.name(), written);

        assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContain("score");
        assertThat(parser.storedMeasure(value).value()).isEqualTo(written);
        assertThat(Topics.MEASURES.valueSerde().deserializer().deserialize(Topics.MEASURES.name(), value))
                .isEqualTo(written);
    }

    @Test
    void onTheTopicTheOwnerAndArrivalTimeAreRequired() {
        assertThat(parser.storedMeasure(bytes(storedMeasure())).errors()).isEmpty();

        assertThat(parser.storedMeasure(bytes(measure())).errors())
                .containsExactly(new FieldError("userId", "is required"), new FieldError("receivedAt", "is required"));
    }

    @Test
    void storedAnswersAreNotHeldToTheTimeWindowSoReprocessingWorks() {
        ObjectNode stored = storedMeasure();
        stored.put("occurredAt", "2020-01-01T09:00:00Z");

        assertThat(parser.storedMeasure(bytes(stored)).errors()).isEmpty();
    }

    private static ArrayNode items(ObjectNode body, int... answers) {
        ArrayNode items = body.putArray("items");
        for (int answer : answers) {
            items.add(answer);
        }
        return items;
    }
}
