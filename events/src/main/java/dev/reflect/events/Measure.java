package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A person's answers to a standardized questionnaire (contract section 10), as a client sends it:
 * {@code {"eventId","occurredAt","instrument":"GAD7","items":[7 answers 0..3]}}. {@code userId}
 * and {@code receivedAt} are set by the ingest service, as for check-ins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measure(
        UUID eventId,
        OffsetDateTime occurredAt,
        Instrument instrument,
        List<Integer> items,
        String userId,
        Instant receivedAt)
        implements ReflectEvent {

    /** The fields of a measure on the wire, in the order they are written: the record's components. */
    public static final List<String> FIELDS = Arrays.stream(Measure.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    public Measure {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** These answers as the ingest service writes them to Kafka. */
    public Measure received(String userId, Instant receivedAt) {
        return new Measure(eventId, occurredAt, instrument, items, userId, receivedAt);
    }

    /** The total score: the sum of the answers (GAD-7: 0..21). */
    public int score() {
        return items.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }

    /** No free text: nothing is sealed. */
    @Override
    public java.util.Map<String, String> sealed() {
        return null;
    }
}
