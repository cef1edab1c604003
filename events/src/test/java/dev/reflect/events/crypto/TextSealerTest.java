package dev.reflect.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Samples;
import dev.reflect.events.Topics;
import dev.reflect.events.serde.CheckInWriter;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextSealerTest {

    private final LocalDataKeys keys = new LocalDataKeys();
    private final TextSealer sealer = new TextSealer(keys);
    private final EventParser parser = Samples.parser();
    private final Instant receivedAt = Samples.NOW.plusSeconds(1);

    private CheckIn receivedCheckIn(String userId) {
        Validated<CheckIn> read =
                parser.clientCheckIn(Samples.CONTRACT_CHECK_IN.getBytes(StandardCharsets.UTF_8), userId);
        return read.value().received(userId, receivedAt);
    }

    private JournalEntry receivedJournal(String userId) {
        Validated<JournalEntry> read =
                parser.clientJournalEntry(Samples.CONTRACT_JOURNAL_ENTRY.getBytes(StandardCharsets.UTF_8), userId);
        return read.value().received(userId, receivedAt);
    }

    @Test
    void aSealedCheckInCarriesNoNoteInClearAndReadsBackAsWritten() throws IOException {
        CheckIn sealed = sealer.seal(receivedCheckIn("u-1"));
        byte[] stored = CheckInWriter.write(sealed);

        assertThat(new String(stored, StandardCharsets.UTF_8))
                .doesNotContain("optional, at most 2000 characters")
                .contains("\"sealed\":{\"note\":\"");
        Validated<CheckIn> read = parser.storedCheckIn(stored);
        assertThat(read.isValid()).as(read.toString()).isTrue();
        assertThat(read.value().note()).isNull();
        assertThat(read.value().distress()).isEqualTo(7);
        ObjectNode opened = sealer.open(Json.mapper().readTree(stored));
        assertThat(opened.path("note").asText()).isEqualTo("optional, at most 2000 characters");
        assertThat(opened.has(TextSealer.SEALED)).isFalse();
    }

    @Test
    void theDirectWriterWritesASealedCheckInByteForByteAsTheMapper() throws IOException {
        CheckIn sealed = sealer.seal(receivedCheckIn("u-2"));
        assertThat(new String(CheckInWriter.write(sealed), StandardCharsets.UTF_8))
                .isEqualTo(Json.mapper().writeValueAsString(sealed));
    }

    @Test
    void aSealedJournalEntryKeepsItsBeliefsInClearAndItsTextsSealed() throws IOException {
        JournalEntry sealed = sealer.seal(receivedJournal("u-3"));
        byte[] stored = Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), sealed);
        String json = new String(stored, StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("at most 10000 characters", "must be with someone else");
        Validated<JournalEntry> read = parser.storedJournalEntry(stored);
        assertThat(read.isValid()).as(read.toString()).isTrue();
        assertThat(read.value().thoughtRecord().beliefShift()).isEqualTo(-45);
        assertThat(read.value().sealed()).containsOnlyKeys(TextSealer.JOURNAL_FIELDS);
        ObjectNode opened = sealer.open(Json.mapper().readTree(stored));
        assertThat(opened.path("text").asText()).isEqualTo("at most 10000 characters");
        assertThat(opened.path("thoughtRecord").path("automaticThought").asText())
                .isEqualTo("They didn't answer, so they must be with someone else");
        assertThat(opened.path("thoughtRecord").path("beliefAfter").asInt()).isEqualTo(35);
    }

    @Test
    void aTextMovedToAnotherPersonOrFieldDoesNotOpen() throws IOException {
        CheckIn sealed = sealer.seal(receivedCheckIn("u-4"));
        ObjectNode stored = (ObjectNode) Json.mapper().readTree(CheckInWriter.write(sealed));
        ObjectNode moved = stored.deepCopy().put("userId", "u-5");
        keys.forSealing("u-5");

        assertThat(sealer.open(moved).has("note")).isFalse();
        assertThat(sealer.open(moved).path("unreadable").get(0).asText()).isEqualTo("note");
        ObjectNode otherEvent = stored.deepCopy().put("eventId", "2b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d");
        assertThat(sealer.open(otherEvent).has("note")).isFalse();
    }

    @Test
    void onceTheKeyIsDestroyedNoCopyOpens() throws IOException {
        CheckIn sealed = sealer.seal(receivedCheckIn("u-6"));
        JsonNode stored = Json.mapper().readTree(CheckInWriter.write(sealed));
        keys.destroy("u-6");

        assertThat(sealer.open(stored).has("note")).isFalse();
        // A new key for the same person does not open the old texts either.
        keys.forSealing("u-6");
        assertThat(sealer.open(stored).has("note")).isFalse();
    }

    @Test
    void aClientMayNotSendSealedTexts() {
        String body = Samples.CONTRACT_CHECK_IN.replace(
                "\"note\": \"optional, at most 2000 characters\"", "\"sealed\": {\"note\": \"AQAAAAEAAAA\"}");
        Validated<CheckIn> read = parser.clientCheckIn(body.getBytes(StandardCharsets.UTF_8), "u-7");
        assertThat(read.isValid()).isFalse();
        assertThat(read.errors()).anySatisfy(error -> assertThat(error.field()).isEqualTo("sealed"));
    }

    @Test
    void aStoredRecordWithATextBothSealedAndInClearIsRejected() throws IOException {
        CheckIn sealed = sealer.seal(receivedCheckIn("u-8"));
        ObjectNode stored = (ObjectNode) Json.mapper().readTree(CheckInWriter.write(sealed));
        stored.put("note", "in clear too");
        Validated<CheckIn> read = parser.storedCheckIn(Json.mapper().writeValueAsBytes(stored));
        assertThat(read.isValid()).isFalse();
        assertThat(read.errors()).anySatisfy(error -> assertThat(error.field()).isEqualTo("sealed.note"));
    }

    @Test
    void aWrappedKeyOpensOnlyForItsOwnerUnderItsKek() {
        KeyEncryptionKey kek = KeyEncryptionKey.fromJson(KeyEncryptionKey.generateJson());
        DataKey key = DataKey.generate();
        byte[] wrapped = kek.wrap(key, "u-9");

        assertThat(kek.unwrap(wrapped, "u-9").keyId()).isEqualTo(key.keyId());
        assertThatThrownBy(() -> kek.unwrap(wrapped, "u-10")).isInstanceOf(KeyException.class);
        KeyEncryptionKey other = KeyEncryptionKey.fromJson(KeyEncryptionKey.generateJson());
        assertThatThrownBy(() -> other.unwrap(wrapped, "u-9")).isInstanceOf(KeyException.class);
        assertThat(kek.toString())
                .doesNotContain(KeyEncryptionKey.generateJson().substring(0, 10));
    }
}
