package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A journal entry (contract section 3), with an optional CBT thought record. On the topic its
 * texts are sealed: {@code text} and the thought record's texts are then null and {@code sealed}
 * holds them by field path (see {@code dev.reflect.events.crypto.TextSealer}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
        UUID eventId,
        OffsetDateTime occurredAt,
        String text,
        ThoughtRecord thoughtRecord,
        String userId,
        Instant receivedAt,
        Map<String, String> sealed)
        implements ReflectEvent {

    public JournalEntry {
        sealed = sealed == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(sealed));
    }

    /** An entry with nothing sealed: as a client sends it, or as read with its texts in clear. */
    public JournalEntry(
            UUID eventId,
            OffsetDateTime occurredAt,
            String text,
            ThoughtRecord thoughtRecord,
            String userId,
            Instant receivedAt) {
        this(eventId, occurredAt, text, thoughtRecord, userId, receivedAt, null);
    }

    /** This entry as the ingest service writes it to Kafka (before its texts are sealed). */
    public JournalEntry received(String userId, Instant receivedAt) {
        return new JournalEntry(eventId, occurredAt, text, thoughtRecord, userId, receivedAt, sealed);
    }

    @Override
    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }
}
