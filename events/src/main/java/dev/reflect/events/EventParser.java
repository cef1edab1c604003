package dev.reflect.events;

import java.time.Clock;

/**
 * Parses and validates events, reporting every problem at once as {@link FieldError}s.
 * Client bodies follow every rule of contract section 3, including the occurredAt window
 * against this parser's clock; stored records (read back from a topic) must also carry userId
 * and receivedAt, and are not held to the window, so reprocessing old data still works.
 */
public final class EventParser {

    private final Clock clock;

    public EventParser(Clock clock) {
        this.clock = clock;
    }

    /** A check-in body as a client sent it; {@code userId} is the authenticated subject. */
    public Validated<CheckIn> clientCheckIn(byte[] body, String userId) {
        throw new UnsupportedOperationException("pending: events validator");
    }

    /** One item of a batch, already parsed as JSON. */
    public Validated<CheckIn> clientCheckIn(com.fasterxml.jackson.databind.JsonNode body, String userId) {
        throw new UnsupportedOperationException("pending: events validator");
    }

    public Validated<JournalEntry> clientJournalEntry(byte[] body, String userId) {
        throw new UnsupportedOperationException("pending: events validator");
    }

    public Validated<CheckIn> storedCheckIn(byte[] value) {
        throw new UnsupportedOperationException("pending: events validator");
    }

    public Validated<JournalEntry> storedJournalEntry(byte[] value) {
        throw new UnsupportedOperationException("pending: events validator");
    }

    Clock clock() {
        return clock;
    }
}
