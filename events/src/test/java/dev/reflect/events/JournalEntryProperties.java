package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JournalEntryProperties {

    private static final String USER = "u-1";
    private static final String MARKER = "j0urnal:";

    private final EventParser parser = Samples.parser();

    @Property
    void everyValidStoredEntryRoundTripsThroughTheTopic(@ForAll("storedJournalEntries") JournalEntry entry) {
        byte[] value = Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), entry);

        assertThat(parser.storedJournalEntry(value).errors()).isEmpty();
        assertThat(Topics.JOURNAL.valueSerde().deserializer().deserialize(Topics.JOURNAL.name(), value))
                .isEqualTo(entry);
    }

    @Property
    void everyValidEntryIsAcceptedFromItsClient(@ForAll("clientJournalEntries") JournalEntry entry) {
        JsonNode body = Json.mapper().valueToTree(entry);

        Validated<JournalEntry> result = parser.clientJournalEntry(bytes(body), USER);

        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo(entry);
    }

    @Property
    void withoutAThoughtRecordBlankTextIsRefusedOnTextAlone(
            @ForAll("clientJournalEntries") JournalEntry entry, @ForAll("blanks") String blank) {
        ObjectNode body = Json.mapper().valueToTree(entry);
        body.remove("thoughtRecord");
        body.put("text", blank);

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(new FieldError("text", ValidationMessages.BLANK_TEXT_WITHOUT_THOUGHT_RECORD));
    }

    @Property
    void noErrorRepeatsWhatTheUserWrote(
            @ForAll("clientJournalEntries") JournalEntry entry, @ForAll("privateTexts") String secret) {
        ObjectNode body = Json.mapper().valueToTree(entry);
        for (String field : List.of("eventId", "occurredAt", "userId", "receivedAt")) {
            body.put(field, secret);
        }
        body.put("text", secret.repeat(10_001 / secret.length() + 1));
        ObjectNode record = body.putObject("thoughtRecord");
        record.put("automaticThought", secret.repeat(2001 / secret.length() + 1));
        record.put("evidenceFor", secret.repeat(2001 / secret.length() + 1));
        record.put("beliefBefore", secret);
        record.put("beliefAfter", secret);
        record.put(secret, secret);

        List<FieldError> errors = parser.clientJournalEntry(bytes(body), USER).errors();

        assertThat(errors).hasSize(10);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.field()).doesNotContain(MARKER);
            assertThat(e.message()).doesNotContain(MARKER);
        });
    }

    @Provide
    Arbitrary<JournalEntry> storedJournalEntries() {
        return EventArbitraries.storedJournalEntries();
    }

    @Provide
    Arbitrary<JournalEntry> clientJournalEntries() {
        return EventArbitraries.clientJournalEntries();
    }

    @Provide
    Arbitrary<String> blanks() {
        return Arbitraries.strings()
                .withChars(" \t\n\r\u000B\f\u00A0\u2007\u200B\u2028\u3000\uFEFF")
                .ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> privateTexts() {
        return EventArbitraries.texts(0, 200).map(t -> MARKER + t);
    }
}
