package dev.reflect.producer.ingest;

import java.util.UUID;

/** The 202 body: {@code {"eventId":"…","status":"accepted"}}. */
public record Accepted(UUID eventId, String status) {

    public static Accepted of(UUID eventId) {
        return new Accepted(eventId, "accepted");
    }
}
