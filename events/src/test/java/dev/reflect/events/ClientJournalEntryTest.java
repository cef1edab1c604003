package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static dev.reflect.events.Samples.journalEntry;
import static dev.reflect.events.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientJournalEntryTest {

    private static final String USER = "u-123";

    private final EventParser parser = Samples.parser();

    @Test
    void theContractsExampleIsValidAndMapsEveryField() {
        Validated<JournalEntry> result = parser.clientJournalEntry(utf8(Samples.CONTRACT_JOURNAL_ENTRY), USER);

        assertThat(result.errors()).isEmpty();
        JournalEntry entry = result.value();
        assertThat(entry.occurredAt()).hasToString("2026-11-26T22:00+01:00");
        assertThat(entry.text()).isEqualTo("at most 10000 characters");
        assertThat(entry.thoughtRecord())
                .isEqualTo(new ThoughtRecord(
                        "They didn't answer, so they must be with someone else", "…", "…", "…", 80, 35));
        assertThat(entry.thoughtRecord().beliefShift()).isEqualTo(-45);
        assertThat(entry.userId()).isNull();
        assertThat(entry.receivedAt()).isNull();
    }

    @Test
    void textAloneIsAnEntry() {
        ObjectNode body = journalEntry();
        body.remove("thoughtRecord");

        Validated<JournalEntry> result = parser.clientJournalEntry(bytes(body), USER);

        assertThat(result.errors()).isEmpty();
        assertThat(result.value().thoughtRecord()).isNull();
    }

    @Test
    void aThoughtRecordAloneIsAnEntryEvenWithAnEmptyTextBox() {
        ObjectNode body = journalEntry();
        body.remove("text");
        assertThat(parser.clientJournalEntry(bytes(body), USER).value().text()).isNull();

        body.put("text", "  ");
        assertThat(parser.clientJournalEntry(bytes(body), USER).errors()).isEmpty();
    }

    @Test
    void onlyTheThoughtAndBothRatingsAreRequiredInAThoughtRecord() {
        ObjectNode body = journalEntry();
        thoughtRecord(body).remove(List.of("evidenceFor", "evidenceAgainst", "balancedThought"));

        ThoughtRecord record =
                parser.clientJournalEntry(bytes(body), USER).value().thoughtRecord();

        assertThat(record)
                .isEqualTo(new ThoughtRecord(
                        "They didn't answer, so they must be with someone else", null, null, null, 80, 35));
    }

    @Test
    void anEntryNeedsTextOrAThoughtRecord() {
        ObjectNode body = journalEntry();
        body.remove(List.of("text", "thoughtRecord"));
        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(new FieldError("text", ValidationMessages.TEXT_OR_THOUGHT_RECORD));

        for (String blank : List.of("", " \n\t", "\u00A0\u3000", "\u200B\uFEFF")) {
            body.put("text", blank);
            assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                    .containsExactly(new FieldError("text", ValidationMessages.BLANK_TEXT_WITHOUT_THOUGHT_RECORD));
        }
    }

    @Test
    void textIsAtMostTenThousandCharacters() {
        ObjectNode body = journalEntry();
        body.put("text", "t".repeat(10_000));
        assertThat(parser.clientJournalEntry(bytes(body), USER).errors()).isEmpty();

        body.put("text", "t".repeat(10_001));
        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(new FieldError("text", "must be at most 10000 characters"));
    }

    @Test
    void thoughtRecordRulesAreReportedWithTheirPaths() {
        ObjectNode body = journalEntry();
        ObjectNode record = thoughtRecord(body);
        record.put("beliefBefore", -1);
        record.put("beliefAfter", 101);
        record.put("automaticThought", " ");
        record.put("evidenceFor", "e".repeat(2001));
        record.put("cognitiveDistortion", "mind reading");

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(
                        new FieldError("thoughtRecord.automaticThought", "must not be blank"),
                        new FieldError("thoughtRecord.evidenceFor", "must be at most 2000 characters"),
                        new FieldError("thoughtRecord.beliefBefore", "must be between 0 and 100"),
                        new FieldError("thoughtRecord.beliefAfter", "must be between 0 and 100"),
                        new FieldError("thoughtRecord.cognitiveDistortion", ValidationMessages.UNKNOWN_FIELD));
    }

    @Test
    void missingRatingsAreRequired() {
        ObjectNode body = journalEntry();
        thoughtRecord(body).remove(List.of("beliefBefore", "beliefAfter", "automaticThought"));

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(
                        new FieldError("thoughtRecord.automaticThought", "is required"),
                        new FieldError("thoughtRecord.beliefBefore", "is required"),
                        new FieldError("thoughtRecord.beliefAfter", "is required"));
    }

    @Test
    void theSharedRulesHoldForJournalEntriesToo() {
        ObjectNode body = journalEntry();
        body.put("occurredAt", "2026-11-26T22:00:00");
        body.put("eventId", "…uuid…");
        body.put("userId", "someone-else");
        body.put("receivedAt", "2026-11-26T21:00:00Z");
        body.put("mood", 3);
        body.put("thoughtRecord", "They didn't answer");

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(
                        new FieldError("eventId", "must be a UUID"),
                        new FieldError("occurredAt", ValidationMessages.MISSING_OFFSET),
                        new FieldError("thoughtRecord", "must be an object"),
                        new FieldError("userId", ValidationMessages.USER_MISMATCH),
                        new FieldError("receivedAt", ValidationMessages.SET_BY_SERVER),
                        new FieldError("mood", ValidationMessages.UNKNOWN_FIELD));
    }

    @Test
    void theWindowAppliesToJournalEntries() {
        ObjectNode body = journalEntry();
        body.put(
                "occurredAt",
                Samples.NOW.minus(EventRules.MAX_AGE).minusSeconds(60).toString());

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(new FieldError("occurredAt", ValidationMessages.TOO_OLD));
    }

    @Test
    void noErrorRepeatsWhatTheUserWrote() {
        String secret = "They must be with someone else";
        ObjectNode body = journalEntry();
        body.put("text", secret.repeat(400));
        ObjectNode record = thoughtRecord(body);
        record.put("automaticThought", secret.repeat(100));
        record.put("beliefBefore", secret);
        record.put("beliefAfter", secret);

        List<FieldError> errors = parser.clientJournalEntry(bytes(body), USER).errors();

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly(
                        "text",
                        "thoughtRecord.automaticThought",
                        "thoughtRecord.beliefBefore",
                        "thoughtRecord.beliefAfter");
        assertThat(errors)
                .allSatisfy(e -> assertThat(e.message()).doesNotContain(secret).doesNotContain("someone"));
    }

    @Test
    void malformedBodiesAreOneErrorOnTheWholeBody() {
        assertThat(parser.clientJournalEntry(utf8("{\"text\": "), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_JSON));
        assertThat(parser.clientJournalEntry(utf8("[\"text\"]"), USER).errors())
                .containsExactly(new FieldError("", ValidationMessages.NOT_AN_OBJECT));
    }

    private static ObjectNode thoughtRecord(ObjectNode body) {
        return (ObjectNode) body.get("thoughtRecord");
    }
}
