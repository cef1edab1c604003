package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A check-in (contract section 3). {@code userId} and {@code receivedAt} are absent in what a
 * client sends and set by the ingest service from the token and its clock. On the topic the note
 * is sealed with its writer's data key: {@code note} is then null and {@code sealed} holds it
 * (see {@code dev.reflect.events.crypto.TextSealer}); a client never sends {@code sealed}.
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
        Instant receivedAt,
        Map<String, String> sealed)
        implements ReflectEvent {

    /** Left out of {@link #FIELDS}: it is how a stored record carries its note, never a client's field. */
    private static final String SEALED = "sealed";

    /**
     * The fields of a check-in on the wire, in the order they are written: the record's
     * components, so a field added to the record is a field of the contract everywhere that reads
     * this list (the hand-written checks, the tests).
     */
    public static final List<String> FIELDS = Arrays.stream(CheckIn.class.getRecordComponents())
            .map(RecordComponent::getName)
            .filter(name -> !name.equals(SEALED))
            .toList();

    public CheckIn {
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        behaviors = behaviors == null ? List.of() : List.copyOf(behaviors);
        coping = coping == null ? List.of() : List.copyOf(coping);
        // Kept in the order given (the sealer's field order), so the bytes written are the same every time.
        sealed = sealed == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(sealed));
    }

    /** A check-in with nothing sealed: as a client sends it, or as read with its note in clear. */
    public CheckIn(
            UUID eventId,
            OffsetDateTime occurredAt,
            Context context,
            int distress,
            List<Trigger> triggers,
            List<Behavior> behaviors,
            List<CopingStrategy> coping,
            String note,
            String userId,
            Instant receivedAt) {
        this(eventId, occurredAt, context, distress, triggers, behaviors, coping, note, userId, receivedAt, null);
    }

    /** This check-in as the ingest service writes it to Kafka (before its note is sealed). */
    public CheckIn received(String userId, Instant receivedAt) {
        return new CheckIn(
                eventId, occurredAt, context, distress, triggers, behaviors, coping, note, userId, receivedAt, sealed);
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
