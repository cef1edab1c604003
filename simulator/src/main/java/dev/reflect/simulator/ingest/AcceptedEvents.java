package dev.reflect.simulator.ingest;

import java.util.UUID;

/** Told of every event the ingest service accepted (202, or "accepted" in a batch), from the sending threads. */
@FunctionalInterface
public interface AcceptedEvents {

    AcceptedEvents NONE = (userId, type, eventId) -> {};

    enum EventType {
        CHECK_IN,
        JOURNAL_ENTRY,
        MEASURE
    }

    void accepted(String userId, EventType type, UUID eventId);
}
