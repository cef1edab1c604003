package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.events.Samples.storedCheckIn;
import static dev.reflect.events.Samples.storedJournalEntry;
import static dev.reflect.events.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.RejectionReason;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredEventsTest {

    private final EventParser parser = Samples.parser();

    @Test
    void aStoredCheckInCarriesItsOwnerAndArrivalTime() {
        Validated<CheckIn> result = parser.storedCheckIn(bytes(storedCheckIn()));

        assertThat(result.errors()).isEmpty();
        assertThat(result.value().userId()).isEqualTo("u-123");
        assertThat(result.value().receivedAt()).isEqualTo(Instant.parse("2026-11-26T20:14:05.120Z"));
    }

    @Test
    void whatTheIngestServiceWritesIsWhatTheStreamsAppReads() {
        CheckIn client =
                parser.clientCheckIn(utf8(Samples.CONTRACT_CHECK_IN), "u-123").value();
        CheckIn written = client.received("u-123", Instant.parse("2026-11-26T20:14:05.120Z"));

        byte[] value = Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), written);

        assertThat(parser.storedCheckIn(value).value()).isEqualTo(written);
    }

    @Test
    void ownerAndArrivalTimeAreRequiredOnTheTopic() {
        ObjectNode value = storedCheckIn();
        value.remove(List.of("userId", "receivedAt"));

        assertThat(parser.storedCheckIn(bytes(value)).errors())
                .containsExactly(new FieldError("userId", "is required"), new FieldError("receivedAt", "is required"));
        assertThat(parser.storedJournalEntry(bytes(Samples.journalEntry())).errors())
                .containsExactly(new FieldError("userId", "is required"), new FieldError("receivedAt", "is required"));
    }

    @Test
    void theUserIdIsNonBlankAndBounded() {
        ObjectNode value = storedCheckIn();
        value.put("userId", "u".repeat(EventRules.MAX_USER_ID_LENGTH));
        assertThat(parser.storedCheckIn(bytes(value)).errors()).isEmpty();

        value.put("userId", "u".repeat(EventRules.MAX_USER_ID_LENGTH + 1));
        assertThat(parser.storedCheckIn(bytes(value)).errors())
                .containsExactly(new FieldError("userId", "must be at most 128 characters"));

        value.put("userId", " \t");
        assertThat(parser.storedCheckIn(bytes(value)).errors())
                .containsExactly(new FieldError("userId", "must not be blank"));

        value.put("userId", "");
        assertThat(parser.storedCheckIn(bytes(value)).errors())
                .containsExactly(new FieldError("userId", "must not be blank"));
    }

    @Test
    void oldEventsStayValidOnTheTopicSoReprocessingWorks() {
        ObjectNode value = storedCheckIn();
        value.put("occurredAt", "2024-01-02T08:00:00-05:00");
        value.put("receivedAt", "2024-01-02T13:00:01Z");

        assertThat(parser.storedCheckIn(bytes(value)).errors()).isEmpty();
    }

    @Test
    void timesMustCarryAnOffsetAndFitAKafkaTimestamp() {
        ObjectNode value = storedCheckIn();
        value.put("occurredAt", "1969-12-31T23:59:59Z");
        value.put("receivedAt", "2026-11-26T20:14:05.120");

        assertThat(parser.storedCheckIn(bytes(value)).errors())
                .containsExactly(
                        new FieldError("occurredAt", ValidationMessages.OUT_OF_EPOCH),
                        new FieldError("receivedAt", ValidationMessages.MISSING_OFFSET));
    }

    @Test
    void aStoredJournalEntryReadsBack() {
        Validated<JournalEntry> result = parser.storedJournalEntry(bytes(storedJournalEntry()));

        assertThat(result.errors()).isEmpty();
        assertThat(result.value().userId()).isEqualTo("u-123");
        assertThat(result.value().thoughtRecord().beliefAfter()).isEqualTo(35);
    }

    @Test
    void everyRejectionHasAReasonCode() {
        ObjectNode noOffset = storedCheckIn();
        noOffset.put("occurredAt", "2026-11-26T21:14:00");
        ObjectNode outOfRange = storedCheckIn();
        outOfRange.put("distress", 11);

        assertThat(RejectionReason.of(parser.storedCheckIn(utf8("<xml/>")).errors()))
                .isEqualTo(RejectionReason.NOT_JSON);
        assertThat(RejectionReason.of(parser.storedCheckIn(utf8("[1]")).errors()))
                .isEqualTo(RejectionReason.INVALID_SCHEMA);
        assertThat(RejectionReason.of(parser.storedCheckIn(bytes(outOfRange)).errors()))
                .isEqualTo(RejectionReason.INVALID_SCHEMA);
        assertThat(RejectionReason.of(parser.storedCheckIn(bytes(noOffset)).errors()))
                .isEqualTo(RejectionReason.INVALID_VALUE);
        assertThat(RejectionReason.values())
                .extracting(RejectionReason::code)
                .containsExactly("not-json", "invalid-schema", "invalid-value");
    }
}
