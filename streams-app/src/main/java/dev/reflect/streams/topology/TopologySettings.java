package dev.reflect.streams.topology;

import dev.reflect.events.EventRules;
import dev.reflect.streams.escalation.EscalationThresholds;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link ReflectTopology} is built from; {@link #defaults()} follows the contract.
 *
 * @param escalation        the thresholds of contract section 5
 * @param retentionDays     local days kept per user, counted back from their latest day (90)
 * @param maxEventAge       an event whose occurredAt lies further before its receivedAt is dead-lettered {@code too-old}
 *                          (90 days, the ingest service's own limit). Judged against receivedAt, not the wall
 *                          clock, so reprocessing the same topic months later gives the same result.
 * @param maxFutureSkew     an event whose occurredAt lies further after its receivedAt is dead-lettered {@code in-future} (5 min)
 * @param perUserMetricsCap users with per-user metrics on one instance (1000; 0 turns them off); used by the metrics wiring
 */
public record TopologySettings(
        EscalationThresholds escalation,
        int retentionDays,
        Duration maxEventAge,
        Duration maxFutureSkew,
        int perUserMetricsCap) {

    public TopologySettings {
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(maxEventAge, "maxEventAge");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (retentionDays < escalation.spanDays()) {
            throw new IllegalArgumentException(
                    "retentionDays must cover the escalation rules' " + escalation.spanDays() + " days");
        }
        if (maxEventAge.isNegative() || maxEventAge.isZero() || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxEventAge must be positive and maxFutureSkew not negative");
        }
        if (perUserMetricsCap < 0) {
            throw new IllegalArgumentException("perUserMetricsCap must not be negative");
        }
    }

    public static TopologySettings defaults() {
        return new TopologySettings(
                EscalationThresholds.defaults(), 90, EventRules.MAX_AGE, EventRules.MAX_FUTURE_SKEW, 1000);
    }

    public TopologySettings withEscalation(EscalationThresholds thresholds) {
        return new TopologySettings(thresholds, retentionDays, maxEventAge, maxFutureSkew, perUserMetricsCap);
    }

    public TopologySettings withPerUserMetricsCap(int cap) {
        return new TopologySettings(escalation, retentionDays, maxEventAge, maxFutureSkew, cap);
    }

    /**
     * How long an event id is remembered: as long as an event can still be accepted, plus a day
     * for the task's stream time running ahead of one user's receivedAt.
     */
    public Duration seenEventsRetention() {
        return maxEventAge.plus(maxFutureSkew).plusDays(1);
    }
}
