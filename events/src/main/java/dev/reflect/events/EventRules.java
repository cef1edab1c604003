package dev.reflect.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The time and identity limits of contract section 3 that a JSON Schema cannot state, shared by
 * the ingest service (through {@link EventParser}) and the streams app.
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
