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
 * A check-in (contract section 3). {@code userId} and {@code receivedAt} are absent in what a
 * client sends and set by the ingest service from the token and its clock.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckIn(
        UUID eventId,
        OffsetDateTime occurredAt,
        Context context,
        int distress,
        List<Trigger> triggers,
        List<Behavior> behaviors,
        List<CopingStrategy> coping,
        String note,
        String userId,
        Instant receivedAt)
        implements ReflectEvent {

    /**
     * The fields of a check-in on the wire, in the order they are written: the record's
     * components, so a field added to the record is a field of the contract everywhere that reads
     * this list (the hand-written checks, the tests).
     */
    public static final List<String> FIELDS = Arrays.stream(CheckIn.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    public CheckIn {
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        behaviors = behaviors == null ? List.of() : List.copyOf(behaviors);
        coping = coping == null ? List.of() : List.copyOf(coping);
    }

    /** This check-in as the ingest service writes it to Kafka. */
    public CheckIn received(String userId, Instant receivedAt) {
        return new CheckIn(
                eventId, occurredAt, context, distress, triggers, behaviors, coping, note, userId, receivedAt);
    }

    /** Sum of the counts of one behaviour type in this check-in. */
    public int countOf(BehaviorType type) {
        return behaviors.stream()
                .filter(b -> b.type() == type)
                .mapToInt(Behavior::count)
                .sum();
    }

    @Override
    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }
}
