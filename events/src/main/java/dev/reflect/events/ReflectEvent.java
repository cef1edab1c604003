package dev.reflect.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** What check-ins and journal entries share: identity, time and owner. */
public interface ReflectEvent {

    UUID eventId();

    OffsetDateTime occurredAt();

    String userId();

    Instant receivedAt();

    /**
     * The event's free texts sealed with its writer's data key, by field path, or null when it has
     * none sealed (see {@code dev.reflect.events.crypto.TextSealer}).
     */
    Map<String, String> sealed();

    /** The user's local day: the calendar date of {@code occurredAt} in its own offset (contract section 3). */
    LocalDate localDay();
}
