package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.events.validation.ValidationMessages;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class JournalEntryProperties {

    private static final String USER = "u-1";
    private static final String MARKER = "j0urnal:";

    private final EventParser parser = Samples.parser();

    @Test
    void everyValidStoredEntryRoundTripsThroughTheTopic() {
        PropertyCheck.tries(1000).forAll(EventGens.storedJournalEntries(), this::roundTripsThroughTheTopic);
    }

    private void roundTripsThroughTheTopic(JournalEntry entry) {
        byte[] value = Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), entry);

        assertThat(parser.storedJournalEntry(value).errors()).isEmpty();
        assertThat(Topics.JOURNAL.valueSerde().deserializer().deserialize(Topics.JOURNAL.name(), value))
                .isEqualTo(entry);
    }

    @Test
    void everyValidEntryIsAcceptedFromItsClient() {
        PropertyCheck.tries(1000).forAll(EventGens.clientJournalEntries(), this::isAcceptedFromItsClient);
    }

    private void isAcceptedFromItsClient(JournalEntry entry) {
        JsonNode body = Json.mapper().valueToTree(entry);

        Validated<JournalEntry> result = parser.clientJournalEntry(bytes(body), USER);

        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo(entry);
    }

    @Test
    void withoutAThoughtRecordBlankTextIsRefusedOnTextAlone() {
        PropertyCheck.tries(1000).forAll(EventGens.clientJournalEntries(), blanks(), this::blankTextIsRefused);
    }

    private void blankTextIsRefused(JournalEntry entry, String blank) {
        ObjectNode body = Json.mapper().valueToTree(entry);
        body.remove("thoughtRecord");
        body.put("text", blank);

        assertThat(parser.clientJournalEntry(bytes(body), USER).errors())
                .containsExactly(new FieldError("text", ValidationMessages.BLANK_TEXT_WITHOUT_THOUGHT_RECORD));
    }

    @Test
    void noErrorRepeatsWhatTheUserWrote() {
        PropertyCheck.tries(1000)
                .forAll(
                        EventGens.clientJournalEntries(),
                        EventGens.texts(0, 200).map(t -> MARKER + t),
                        this::noErrorRepeats);
    }

    private void noErrorRepeats(JournalEntry entry, String secret) {
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

    private static Gen<String> blanks() {
        return Gens.strings(CharSet.of(" \t\n\r\u000B\f\u00A0\u2007\u200B\u2028\u3000\uFEFF"), 0, 20);
    }
}
