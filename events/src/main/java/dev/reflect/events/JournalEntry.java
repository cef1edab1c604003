package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A journal entry (contract section 3), with an optional CBT thought record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
        UUID eventId,
        OffsetDateTime occurredAt,
        String text,
        ThoughtRecord thoughtRecord,
        String userId,
        Instant receivedAt)
        implements ReflectEvent {

    /** This entry as the ingest service writes it to Kafka. */
    public JournalEntry received(String userId, Instant receivedAt) {
        return new JournalEntry(eventId, occurredAt, text, thoughtRecord, userId, receivedAt);
    }

    @Override
    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }
}
