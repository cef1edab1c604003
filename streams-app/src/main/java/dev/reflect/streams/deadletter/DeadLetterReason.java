package dev.reflect.streams.deadletter;

import dev.reflect.events.validation.RejectionReason;

/**
 * Why a record went to {@code reflect.deadletter.v1}: the code in the
 * {@link DeadLetters#REASON} header and the {@code reason} label of
 * {@code reflect_records_rejected_total}.
 */
public enum DeadLetterReason {
    /** Not JSON at all (also an empty or null value). */
    NOT_JSON("not-json"),
    /** JSON, but not the shape of the event: wrong types, missing or unknown fields, out-of-range numbers. */
    INVALID_SCHEMA("invalid-schema"),
    /** The right shape, but a value the schema cannot judge: a time without offset or out of range. */
    INVALID_VALUE("invalid-value"),
    /** No record key: the key must be the userId. */
    NULL_KEY("null-key"),
    /** The record key is not the value's userId, so the record may sit in another user's partition. */
    KEY_MISMATCH("key-mismatch"),
    /** occurredAt lies more than 90 days before its receivedAt: older than any day the state keeps. */
    TOO_OLD("too-old"),
    /**
     * occurredAt lies more than 5 minutes after its receivedAt, which the ingest service never
     * accepts; letting it in would push event time ahead of every other user in the task.
     */
    IN_FUTURE("in-future"),
    /** A source deserializer threw (not expected: the sources read bytes). */
    NOT_DESERIALIZABLE("not-deserializable"),
    /** Processing the record threw: a bug, or a store failing. Logged without the record's content. */
    PROCESSING_ERROR("processing-error"),
    /**
     * Not an input record: one of the app's own outputs (an alert) that is larger than its topic
     * takes ({@code max.message.bytes}); sent here instead, whole, with the topic it was for.
     */
    OUTPUT_TOO_LARGE("output-too-large");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason for a record the events validator refused. */
    public static DeadLetterReason of(RejectionReason reason) {
        return switch (reason) {
            case NOT_JSON -> NOT_JSON;
            case INVALID_SCHEMA -> INVALID_SCHEMA;
            case INVALID_VALUE -> INVALID_VALUE;
        };
    }
}
