package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.events.Samples.checkIn;
import static dev.reflect.events.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCheckInTest {

    private static final String USER = "u-123";
    private static final String CONTEXTS = "must be one of ROMANTIC, FAMILY, FRIENDSHIP, WORK, OTHER";

    private final EventParser parser = Samples.parser();

    @Test
    void theContractsExampleIsValidAndMapsEveryField() {
        Validated<CheckIn> result = parser.clientCheckIn(utf8(Samples.CONTRACT_CHECK_IN), USER);

        assertThat(result.errors()).isEmpty();
        CheckIn checkIn = result.value();
        assertThat(checkIn.eventId()).isEqualTo(UUID.fromString("0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d"));
        assertThat(checkIn.occurredAt())
                .isEqualTo(OffsetDateTime.of(2026, 11, 26, 21, 14, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(checkIn.context()).isEqualTo(Context.ROMANTIC);
        assertThat(checkIn.distress()).isEqualTo(7);
        assertThat(checkIn.triggers()).containsExactly(new Trigger(TriggerCategory.PARTNER_UNRESPONSIVE, true));
        assertThat(checkIn.behaviors())
                .containsExactly(
                        new Behavior(BehaviorType.SOUGHT_REASSURANCE, 3), new Behavior(BehaviorType.CHECKED_DEVICE, 1));
        assertThat(checkIn.coping()).containsExactly(CopingStrategy.CHALLENGED_THOUGHT);
        assertThat(checkIn.note()).isEqualTo("optional, at most 2000 characters");
        assertThat(checkIn.userId()).isNull();
        assertThat(checkIn.receivedAt()).isNull();
    }

    @Test
    void theOffsetIsKeptSoTheLocalDayIsTheUsers() {
        ObjectNode body = checkIn();
        body.put("occurredAt", "2026-11-26T12:30:00-08:00");

        CheckIn checkIn = parser.clientCheckIn(body, USER).value();

        assertThat(checkIn.occurredAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-8));
        assertThat(checkIn.localDay()).hasToString("2026-11-26");
    }

    @Test
    void onlyTheFourCoreFieldsAreRequired() {
        ObjectNode body = checkIn();
        body.remove(List.of("triggers", "behaviors", "coping", "note"));

        CheckIn checkIn = parser.clientCheckIn(body, USER).value();

        assertThat(checkIn.triggers()).isEmpty();
        assertThat(checkIn.behaviors()).isEmpty();
        assertThat(checkIn.coping()).isEmpty();
        assertThat(checkIn.note()).isNull();
    }

    @Test
    void emptyListsAndAnEmptyNoteAreACalmDayNotAnError() {
        ObjectNode body = checkIn();
        body.putArray("triggers");
        body.putArray("behaviors");
        body.putArray("coping");
        body.put("note", "");

        assertThat(parser.clientCheckIn(body, USER).isValid()).isTrue();
    }

    @Test
    void tiedToPastDefaultsToFalseAndCountToOne() {
        ObjectNode body = checkIn();
        ((ObjectNode) body.withArray("triggers").get(0)).remove("tiedToPast");

        CheckIn checkIn = parser.clientCheckIn(body, USER).value();

        assertThat(checkIn.triggers().get(0).tiedToPast()).isFalse();
        assertThat(checkIn.behaviors().get(1).count()).isEqualTo(Behavior.DEFAULT_COUNT);
    }

    @Test
    void limitsAreInclusive() {
        ObjectNode body = checkIn();
        body.put("distress", 10);
        body.put("note", "n".repeat(2000));
        ArrayNode triggers = body.putArray("triggers");
        for (int i = 0; i < 10; i++) {
            triggers.addObject().put("category", "OTHER");
        }
        ArrayNode behaviors = body.putArray("behaviors");
        for (BehaviorType type : BehaviorType.values()) {
            behaviors.addObject().put("type", type.name()).put("count", 100);
        }
        ArrayNode coping = body.putArray("coping");
        for (CopingStrategy strategy : CopingStrategy.values()) {
            coping.add(strategy.name());
        }

        assertThat(parser.clientCheckIn(body, USER).errors()).isEmpty();
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        ObjectNode body = checkIn();
        body.put("note", "\uD83D\uDC9B".repeat(2000));

        assertThat(parser.clientCheckIn(body, USER).errors()).isEmpty();
    }

    static Stream<Arguments> singleViolations() {
        return Stream.of(
                violation("distress above 10", b -> b.put("distress", 11), "distress", "must be between 0 and 10"),
                violation("distress below 0", b -> b.put("distress", -1), "distress", "must be between 0 and 10"),
                violation("distress fractional", b -> b.put("distress", 7.5), "distress", "must be an integer"),
                violation(
                        "distress fractional and too big",
                        b -> b.put("distress", 11.5),
                        "distress",
                        "must be an integer"),
                violation("distress as a string", b -> b.put("distress", "7"), "distress", "must be an integer"),
                violation("distress missing", b -> b.remove("distress"), "distress", "is required"),
                violation("context unknown", b -> b.put("context", "SPOUSE"), "context", CONTEXTS),
                violation("context lower case", b -> b.put("context", "romantic"), "context", CONTEXTS),
                violation("context a number", b -> b.put("context", 1), "context", CONTEXTS),
                violation("context missing", b -> b.remove("context"), "context", "is required"),
                violation(
                        "eventId not a UUID",
                        b -> b.put("eventId", "0b6f6f5e6a434c4e9a8e1d2f3a4b5c6d"),
                        "eventId",
                        "must be a UUID"),
                violation("eventId missing", b -> b.remove("eventId"), "eventId", "is required"),
                violation(
                        "eventId of UUID length with a non-hex digit",
                        b -> b.put("eventId", "0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6g"),
                        "eventId",
                        "must be a UUID"),
                violation(
                        "eventId of UUID length with misplaced hyphens",
                        b -> b.put("eventId", "0b6f6f5e6-a43-4c4e-9a8e-1d2f3a4b5c6d"),
                        "eventId",
                        "must be a UUID"),
                violation("eventId a number", b -> b.put("eventId", 7), "eventId", "must be a string"),
                violation(
                        "eventId with a trailing newline",
                        b -> b.put("eventId", "0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d\n"),
                        "eventId",
                        "must be a UUID"),
                violation(
                        "occurredAt without offset",
                        b -> b.put("occurredAt", "2026-11-26T21:14:00"),
                        "occurredAt",
                        ValidationMessages.MISSING_OFFSET),
                violation(
                        "occurredAt a date only",
                        b -> b.put("occurredAt", "2026-11-26"),
                        "occurredAt",
                        ValidationMessages.NOT_A_DATE_TIME),
                violation(
                        "occurredAt epoch millis",
                        b -> b.put("occurredAt", 1795720440000L),
                        "occurredAt",
                        "must be a string"),
                violation("occurredAt missing", b -> b.remove("occurredAt"), "occurredAt", "is required"),
                violation(
                        "eleven triggers",
                        b -> {
                            ArrayNode triggers = b.putArray("triggers");
                            for (int i = 0; i < 11; i++) {
                                triggers.addObject().put("category", "OTHER");
                            }
                        },
                        "triggers",
                        "must have at most 10 items"),
                violation(
                        "trigger category unknown",
                        b -> trigger(b).put("category", "JEALOUSY"),
                        "triggers[0].category",
                        "must be one of PARTNER_UNRESPONSIVE, PLANS_CHANGED, PERCEIVED_SECRECY, SOCIAL_MEDIA, "
                                + "ATTENTION_TO_OTHERS, PHYSICAL_DISTANCE, CONFLICT_OR_CRITICISM, REMINDER_OF_PAST, "
                                + "BEING_VULNERABLE, OTHER"),
                violation(
                        "trigger category missing",
                        b -> trigger(b).remove("category"),
                        "triggers[0].category",
                        "is required"),
                violation(
                        "tiedToPast a string",
                        b -> trigger(b).put("tiedToPast", "yes"),
                        "triggers[0].tiedToPast",
                        "must be true or false"),
                violation(
                        "trigger not an object",
                        b -> b.withArray("triggers").add("PLANS_CHANGED"),
                        "triggers[1]",
                        "must be an object"),
                violation(
                        "triggers not an array",
                        b -> b.put("triggers", "PLANS_CHANGED"),
                        "triggers",
                        "must be an array"),
                violation(
                        "count zero",
                        b -> behavior(b, 1).put("count", 0),
                        "behaviors[1].count",
                        "must be between 1 and 100"),
                violation(
                        "count above 100",
                        b -> behavior(b, 1).put("count", 101),
                        "behaviors[1].count",
                        "must be between 1 and 100"),
                violation(
                        "behavior type unknown",
                        b -> behavior(b, 0).put("type", "STALKED"),
                        "behaviors[0].type",
                        "must be one of AVOIDED_SHARING, WITHDREW, PICKED_CONFLICT, QUESTIONED_MOTIVES, ACCUSED, "
                                + "SOUGHT_REASSURANCE, CHECKED_DEVICE, CONTROLLED"),
                violation(
                        "nine behaviors",
                        b -> {
                            ArrayNode behaviors = b.putArray("behaviors");
                            for (int i = 0; i < 9; i++) {
                                behaviors.addObject().put("type", "WITHDREW");
                            }
                        },
                        "behaviors",
                        "must have at most 8 items"),
                violation(
                        "coping repeated",
                        b -> b.withArray("coping").add("CHALLENGED_THOUGHT"),
                        "coping",
                        "must not contain duplicates"),
                violation(
                        "coping unknown",
                        b -> b.withArray("coping").add("MEDITATION"),
                        "coping[1]",
                        "must be one of ACKNOWLEDGED_FEELINGS, SELF_CARE, OPEN_COMMUNICATION, SET_BOUNDARIES, "
                                + "CHALLENGED_THOUGHT, PROFESSIONAL_SUPPORT"),
                violation(
                        "note too long",
                        b -> b.put("note", "n".repeat(2001)),
                        "note",
                        "must be at most 2000 characters"),
                violation("note null", b -> b.putNull("note"), "note", "must be a string"),
                violation("unknown field", b -> b.put("mood", "low"), "mood", ValidationMessages.UNKNOWN_FIELD),
                violation(
                        "unknown nested field",
                        b -> trigger(b).put("severity", 3),
                        "triggers[0].severity",
                        ValidationMessages.UNKNOWN_FIELD),
                violation(
                        "unknown field with an odd name",
                        b -> b.put("my mood today", "low"),
                        "*",
                        ValidationMessages.UNKNOWN_FIELD),
                violation(
                        "receivedAt from a client",
                        b -> b.put("receivedAt", "2026-11-26T20:14:05Z"),
                        "receivedAt",
                        ValidationMessages.SET_BY_SERVER),
                violation(
                        "another user's id", b -> b.put("userId", "u-456"), "userId", ValidationMessages.USER_MISMATCH),
                violation("userId not a string", b -> b.put("userId", 123), "userId", "must be a string"),
                violation(
                        "userId of invisible characters",
                        b -> b.put("userId", "\u3000\u200B"),
                        "userId",
                        ValidationMessages.BLANK));
    }

    private static Arguments violation(String name, Consumer<ObjectNode> change, String field, String message) {
        return arguments(name, change, field, message);
    }

    private static ObjectNode trigger(ObjectNode body) {
        return (ObjectNode) body.withArray("triggers").get(0);
    }

    private static ObjectNode behavior(ObjectNode body, int index) {
        return (ObjectNode) body.withArray("behaviors").get(index);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleViolations")
    void eachBrokenRuleIsReportedOnItsFieldAndNowhereElse(
            String name, Consumer<ObjectNode> change, String field, String message) {
        ObjectNode body = checkIn();
        change.accept(body);

        assertThat(parser.clientCheckIn(bytes(body), USER).errors()).containsExactly(new FieldError(field, message));
        assertThat(parser.clientCheckIn(body, USER).errors()).containsExactly(new FieldError(field, message));
    }

    @Test
    void everyProblemIsReportedTogetherInTheContractsFieldOrder() {
        ObjectNode body = Samples.object("""
                {"zeta": 1, "note": 5, "coping": ["SELF_CARE", "SELF_CARE"],
                 "behaviors": [{"type": "WITHDREW"}, {"type": "ACCUSED", "count": 500}, {"count": 2}],
                 "triggers": [{"category": "NOPE", "extra": true}],
                 "distress": 12, "context": "LOVE", "occurredAt": "yesterday", "alpha": 2}
                """);

        assertThat(parser.clientCheckIn(bytes(body), USER).errors())
                .containsExactly(
                        new FieldError("eventId", "is required"),
                        new FieldError("occurredAt", ValidationMessages.NOT_A_DATE_TIME),
                        new FieldError("context", CONTEXTS),
                        new FieldError("distress", "must be between 0 and 10"),
                        new FieldError(
                                "triggers[0].category",
                                "must be one of PARTNER_UNRESPONSIVE, PLANS_CHANGED, PERCEIVED_SECRECY, "
                                        + "SOCIAL_MEDIA, ATTENTION_TO_OTHERS, PHYSICAL_DISTANCE, CONFLICT_OR_CRITICISM, REMINDER_OF_PAST, "
                                        + "BEING_VULNERABLE, OTHER"),
                        new FieldError("triggers[0].extra", ValidationMessages.UNKNOWN_FIELD),
                        new FieldError("behaviors[1].count", "must be between 1 and 100"),
                        new FieldError("behaviors[2].type", "is required"),
                        new FieldError("coping", "must not contain duplicates"),
                        new FieldError("note", "must be a string"),
                        new FieldError("alpha", ValidationMessages.UNKNOWN_FIELD),
                        new FieldError("zeta", ValidationMessages.UNKNOWN_FIELD));
    }

    @Test
    void theOrderDoesNotDependOnTheOrderOfTheInput() {
        String forwards = """
                {"eventId": "x", "occurredAt": "2026-11-26T21:14:00", "context": "?", "distress": 99,
                 "behaviors": [{"type": "WITHDREW", "count": 0}, {"type": "WITHDREW", "count": 0}]}
                """;
        String backwards = """
                {"behaviors": [{"count": 0, "type": "WITHDREW"}, {"count": 0, "type": "WITHDREW"}],
                 "distress": 99, "context": "?", "occurredAt": "2026-11-26T21:14:00", "eventId": "x"}
                """;

        List<FieldError> errors = parser.clientCheckIn(utf8(forwards), USER).errors();

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly(
                        "eventId", "occurredAt", "context", "distress", "behaviors[0].count", "behaviors[1].count");
        assertThat(parser.clientCheckIn(utf8(backwards), USER).errors()).isEqualTo(errors);
    }

    @Test
    void arrayIndexesSortAsNumbers() {
        ObjectNode body = checkIn();
        ArrayNode triggers = body.putArray("triggers");
        for (int i = 0; i < 10; i++) {
            triggers.addObject().put("category", "BAD");
        }

        assertThat(parser.clientCheckIn(body, USER).errors())
                .extracting(FieldError::field)
                .containsExactly(
                        "triggers[0].category",
                        "triggers[1].category",
                        "triggers[2].category",
                        "triggers[3].category",
                        "triggers[4].category",
                        "triggers[5].category",
                        "triggers[6].category",
                        "triggers[7].category",
                        "triggers[8].category",
                        "triggers[9].category");
    }

    @Test
    void theClientsOwnUserIdIsAcceptedAndLeftForTheServerToSet() {
        ObjectNode body = checkIn();
        body.put("userId", USER);

        Validated<CheckIn> result = parser.clientCheckIn(bytes(body), USER);

        assertThat(result.errors()).isEmpty();
        assertThat(result.value().userId()).isNull();
        assertThat(result.value().received(USER, Samples.NOW).userId()).isEqualTo(USER);
    }

    @Test
    void theWindowRunsFromNinetyDaysAgoToFiveMinutesAhead() {
        assertThat(errorsWhenOccurredAt(Samples.NOW.plusSeconds(300))).isEmpty();
        assertThat(errorsWhenOccurredAt(Samples.NOW.plusSeconds(301)))
                .containsExactly(new FieldError("occurredAt", "must not be more than 5 minutes in the future"));
        assertThat(errorsWhenOccurredAt(Samples.NOW.minus(EventRules.MAX_AGE))).isEmpty();
        assertThat(errorsWhenOccurredAt(Samples.NOW.minus(EventRules.MAX_AGE).minusSeconds(1)))
                .containsExactly(new FieldError("occurredAt", "must not be more than 90 days in the past"));
    }

    @Test
    void theWindowComparesInstantsNotWallClockReadings() {
        // Now is 21:10Z. 22:14+01:00 reads later on the wall clock than 21:16-00:00, yet is the earlier instant.
        ObjectNode body = checkIn();
        body.put("occurredAt", "2026-11-26T22:14:00+01:00");
        assertThat(parser.clientCheckIn(body, USER).errors()).isEmpty();

        body.put("occurredAt", "2026-11-26T21:16:00-00:00");
        assertThat(parser.clientCheckIn(body, USER).errors())
                .containsExactly(new FieldError("occurredAt", ValidationMessages.TOO_FAR_AHEAD));
    }

    private List<FieldError> errorsWhenOccurredAt(Instant occurredAt) {
        ObjectNode body = checkIn();
        body.put("occurredAt", occurredAt.atOffset(ZoneOffset.ofHours(5)).toString());
        return parser.clientCheckIn(body, USER).errors();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"distress\": 7,}",
                "not json",
                "{} {}",
                "{\"distress\": 1, \"distress\": 2}",
                "'single'",
                " ",
                "{\"triggers\": [{\"category\": \"OTHER\", \"category\": \"SOCIAL_MEDIA\"}]}",
                "{\"note\": \"a\", \"distress\": 1, \"note\": \"b\"}"
            })
    void aBodyThatIsNotJsonIsOneErrorOnTheWholeBody(String body) {
        assertThat(parser.clientCheckIn(utf8(body), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
    }

    @Test
    void anEmptyOrMissingBodyIsNotJson() {
        assertThat(parser.clientCheckIn(new byte[0], USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
        assertThat(parser.clientCheckIn((byte[]) null, USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "42", "\"a check-in\"", "[{\"distress\": 7}]"})
    void jsonThatIsNotAnObjectIsOneErrorOnTheWholeBody(String body) {
        assertThat(parser.clientCheckIn(utf8(body), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_AN_OBJECT));
    }

    @Test
    void aBatchItemThatIsNotAnObjectIsOneErrorOnTheWholeItem() {
        assertThat(parser.clientCheckIn(NullNode.getInstance(), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_AN_OBJECT));
        assertThat(parser.clientCheckIn((com.fasterxml.jackson.databind.JsonNode) null, USER)
                        .errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_AN_OBJECT));
    }

    @Test
    void noErrorRepeatsWhatTheUserWrote() {
        String secret = "I checked her phone again at 3am";
        ObjectNode body = checkIn();
        body.put("eventId", secret);
        body.put("occurredAt", secret);
        body.put("context", secret);
        body.put("distress", secret);
        body.put("note", secret.repeat(100));
        body.put("userId", secret);
        body.put("receivedAt", secret);
        trigger(body).put("category", secret);
        trigger(body).put("tiedToPast", secret);
        behavior(body, 0).put("type", secret);
        behavior(body, 1).put("count", secret);
        body.withArray("coping").add(secret);
        body.put("unknown", secret);
        body.put(secret, secret);

        List<FieldError> errors = parser.clientCheckIn(bytes(body), USER).errors();

        assertThat(errors).hasSize(14);
        List<String> texts = new ArrayList<>();
        errors.forEach(e -> texts.addAll(List.of(e.field(), e.message())));
        assertThat(texts)
                .allSatisfy(text -> assertThat(text).doesNotContain(secret).doesNotContainIgnoringCase("phone"));
    }

    @Test
    void aMissingAuthenticatedUserIsAProgrammingError() {
        assertThatNullPointerException().isThrownBy(() -> parser.clientCheckIn(utf8(Samples.CONTRACT_CHECK_IN), null));
    }
}
