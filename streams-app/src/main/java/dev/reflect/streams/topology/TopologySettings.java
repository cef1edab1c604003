package dev.reflect.streams.topology;

import dev.reflect.events.EventRules;
import dev.reflect.events.InputTopics;
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
 * @param alertSettle       how long a person's input must have settled before their level changes are announced
 *                          (5 s): events that arrive together (an offline phone syncing weeks at once, a backfill
 *                          through both input topics, re-routed records) are all counted before anything is announced.
 *                          Measured in the input's own receivedAt time while the task has input to process, so a
 *                          reprocessing run announces the same; on the wall clock once the task is idle. Zero
 *                          announces after every event.
 * @param inputs            the version of the input topics read ({@link InputTopics#V1}); another only while
 *                          growing partitions (docs/scaling.md)
 * @param announcing        which alerts are sent, by their record timestamp (the receivedAt of the change that
 *                          raised them): all by default. While partitions grow, the retiring application sends
 *                          those before the cut-over instant and its successor, which rebuilds the same
 *                          history, those from it, so each change is announced once (docs/scaling.md)
 */
public record TopologySettings(
        EscalationThresholds escalation,
        int retentionDays,
        Duration maxEventAge,
        Duration maxFutureSkew,
        int perUserMetricsCap,
        Duration alertSettle,
        InputTopics inputs,
        AlertWindow announcing) {

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
        Objects.requireNonNull(alertSettle, "alertSettle");
        if (alertSettle.isNegative()) {
            throw new IllegalArgumentException("alertSettle must not be negative");
        }
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(announcing, "announcing");
        if (retentionDays < escalation.spanDays() + escalation.deescalationDays()) {
            throw new IllegalArgumentException("retentionDays must cover the escalation rules' windows and hysteresis");
        }
    }

    public static final Duration DEFAULT_ALERT_SETTLE = Duration.ofSeconds(5);

    public static TopologySettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .escalation(escalation)
                .retentionDays(retentionDays)
                .maxEventAge(maxEventAge)
                .maxFutureSkew(maxFutureSkew)
                .perUserMetricsCap(perUserMetricsCap)
                .alertSettle(alertSettle)
                .inputs(inputs)
                .announcing(announcing);
    }

    /** Settings one at a time; {@link #build()} checks them together. */
    public static final class Builder {

        private EscalationThresholds escalation = EscalationThresholds.defaults();
        private int retentionDays = 90;
        private Duration maxEventAge = EventRules.MAX_AGE;
        private Duration maxFutureSkew = EventRules.MAX_FUTURE_SKEW;
        private int perUserMetricsCap = 1000;
        private Duration alertSettle = DEFAULT_ALERT_SETTLE;
        private InputTopics inputs = InputTopics.V1;
        private AlertWindow announcing = AlertWindow.ALL;

        private Builder() {}

        public Builder escalation(EscalationThresholds value) {
            this.escalation = value;
            return this;
        }

        public Builder retentionDays(int value) {
            this.retentionDays = value;
            return this;
        }

        public Builder maxEventAge(Duration value) {
            this.maxEventAge = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            this.maxFutureSkew = value;
            return this;
        }

        public Builder perUserMetricsCap(int value) {
            this.perUserMetricsCap = value;
            return this;
        }

        public Builder alertSettle(Duration value) {
            this.alertSettle = value;
            return this;
        }

        public Builder inputs(InputTopics value) {
            this.inputs = value;
            return this;
        }

        public Builder announcing(AlertWindow value) {
            this.announcing = value;
            return this;
        }

        public TopologySettings build() {
            return new TopologySettings(
                    escalation,
                    retentionDays,
                    maxEventAge,
                    maxFutureSkew,
                    perUserMetricsCap,
                    alertSettle,
                    inputs,
                    announcing);
        }
    }

    /**
     * How long an event id is remembered: as long as an event can still be accepted, plus a day
     * for the task's stream time running ahead of one user's receivedAt.
     */
    public Duration seenEventsRetention() {
        return maxEventAge.plus(maxFutureSkew).plusDays(1);
    }
}
