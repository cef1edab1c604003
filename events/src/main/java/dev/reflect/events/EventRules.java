package dev.reflect.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The time and identity limits of contract section 3 that a JSON Schema cannot state, shared by
 * the ingest service (through {@code dev.reflect.events.validation.EventParser}) and the streams app.
 */
public final class EventRules {

    /** A client clock may run ahead of the server's by this much before its events are refused. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    /**
     * How old an event may be: offline clients sync late, but per-user state keeps only this much
     * history, so older events could never be placed in a day. Exact 24-hour days, not calendar days.
     */
    public static final Duration MAX_AGE = Duration.ofDays(90);

    /** Longest accepted userId (the token's {@code sub}); bounds key size on every topic and store. */
    public static final int MAX_USER_ID_LENGTH = 128;

    // The limits below are stated here once. The validators (dev.reflect.events.validation) use
    // them; the JSON Schemas and the ingest service's OpenAPI document repeat them for clients and
    // are held to them by EventSchemasTest and OpenApiDocumentTest.

    /** An {@code eventId} is a canonical UUID: 36 characters, 8-4-4-4-12 hex digits. */
    public static final int UUID_LENGTH = 36;

    /** Longest {@code occurredAt} or {@code receivedAt} text (date-time with fraction and offset). */
    public static final int MAX_DATE_TIME_LENGTH = 64;

    /** A check-in's {@code distress}: 0 (calm) to 10. */
    public static final int MIN_DISTRESS = 0;

    public static final int MAX_DISTRESS = 10;

    /** At most this many triggers in one check-in. */
    public static final int MAX_TRIGGERS = 10;

    /** At most one behaviour per type: {@code count} carries repetition. */
    public static final int MAX_BEHAVIORS = BehaviorType.values().length;

    /** A behaviour's {@code count}: 1 to 100. */
    public static final int MIN_BEHAVIOR_COUNT = 1;

    public static final int MAX_BEHAVIOR_COUNT = 100;

    /** Each coping strategy at most once. */
    public static final int MAX_COPING = CopingStrategy.values().length;

    /** Longest check-in {@code note}, in code points. */
    public static final int MAX_NOTE_LENGTH = 2000;

    /** Longest journal {@code text}, in code points. */
    public static final int MAX_JOURNAL_TEXT_LENGTH = 10_000;

    /** Longest text field of a thought record, in code points. */
    public static final int MAX_THOUGHT_LENGTH = 2000;

    /** A thought record's {@code beliefBefore} and {@code beliefAfter}: 0 to 100 (percent). */
    public static final int MIN_BELIEF = 0;

    public static final int MAX_BELIEF = 100;

    /** A GAD-7 ({@link Instrument#GAD7}) has exactly this many items (contract section 10). */
    public static final int GAD7_ITEMS = 7;

    /** A GAD-7 answer: 0 (not at all) to 3 (nearly every day). */
    public static final int MIN_GAD7_ANSWER = 0;

    public static final int MAX_GAD7_ANSWER = 3;

    private EventRules() {}

    /** Whether {@code occurredAt} lies more than {@link #MAX_FUTURE_SKEW} after {@code reference}. */
    public static boolean isTooFarAhead(Instant occurredAt, Instant reference) {
        return occurredAt.isAfter(reference.plus(MAX_FUTURE_SKEW));
    }

    /** Whether {@code occurredAt} lies more than {@link #MAX_AGE} before {@code reference}; exactly 90 days is allowed. */
    public static boolean isTooOld(Instant occurredAt, Instant reference) {
        return occurredAt.isBefore(reference.minus(MAX_AGE));
    }
}
