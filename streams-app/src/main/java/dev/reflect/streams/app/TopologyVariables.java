package dev.reflect.streams.app;

import dev.reflect.events.InputTopics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.topology.AlertWindow;
import dev.reflect.streams.topology.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The environment variables that tune the topology: every threshold of contract section 5
 * ({@code REFLECT_ESCALATION_*}, defaults as in the contract, see {@link EscalationThresholds})
 * the per-user metrics cap of section 7, and how long input settles before level changes are
 * announced ({@code REFLECT_ALERT_SETTLE_MS}, 5000, see {@link TopologySettings#alertSettle()}).
 * Unset variables keep the contract's values. Growing partitions (docs/scaling.md) adds three:
 * {@value InputTopics#VARIABLE} (default {@code v1}) picks the input topics read, and
 * {@code REFLECT_ALERTS_FROM} / {@code REFLECT_ALERTS_UNTIL} (ISO-8601 instants, unset = no bound)
 * the {@link AlertWindow} of alerts sent.
 */
public final class TopologyVariables {

    public static final String RECENT_DAYS = "REFLECT_ESCALATION_RECENT_DAYS";
    public static final String BASELINE_WEEKS = "REFLECT_ESCALATION_BASELINE_WEEKS";
    public static final String ESTABLISHED_AFTER_DAYS = "REFLECT_ESCALATION_ESTABLISHED_AFTER_DAYS";
    public static final String DEFAULT_WEEKLY_ASKS = "REFLECT_ESCALATION_DEFAULT_WEEKLY_ASKS";
    public static final String DEFAULT_WEEKLY_TRIGGERS = "REFLECT_ESCALATION_DEFAULT_WEEKLY_TRIGGERS";
    public static final String MIN_REASSURANCE_ASKS = "REFLECT_ESCALATION_MIN_REASSURANCE_ASKS";
    public static final String REASSURANCE_FACTOR = "REFLECT_ESCALATION_REASSURANCE_FACTOR";
    public static final String MIN_TRIGGERS = "REFLECT_ESCALATION_MIN_TRIGGERS";
    public static final String TRIGGER_FACTOR = "REFLECT_ESCALATION_TRIGGER_FACTOR";
    public static final String DEVICE_CHECKS_FOR_HIGH = "REFLECT_ESCALATION_DEVICE_CHECKS_FOR_HIGH";
    public static final String DEVICE_CHECKS_WHILE_ELEVATED = "REFLECT_ESCALATION_DEVICE_CHECKS_WHILE_ELEVATED";
    public static final String CONTROLLING_FOR_SEVERE = "REFLECT_ESCALATION_CONTROLLING_FOR_SEVERE";
    public static final String DEESCALATION_DAYS = "REFLECT_ESCALATION_DEESCALATION_DAYS";
    public static final String PRORATE_YOUNG_BASELINE = "REFLECT_ESCALATION_PRORATE_YOUNG_BASELINE";
    public static final String PER_USER_METRICS_CAP = "REFLECT_PER_USER_METRICS_CAP";
    public static final String ALERT_SETTLE_MS = "REFLECT_ALERT_SETTLE_MS";
    public static final String ALERTS_FROM = "REFLECT_ALERTS_FROM";
    public static final String ALERTS_UNTIL = "REFLECT_ALERTS_UNTIL";

    private static final int MAX_COUNT = 10_000;
    /** Announcing a level change later than a minute after the input settled would only delay a clinician. */
    private static final int MAX_ALERT_SETTLE_MS = 60_000;

    private TopologyVariables() {}

    public static TopologySettings read(Env env) {
        EscalationThresholds d = EscalationThresholds.defaults();
        TopologySettings defaults = TopologySettings.defaults();
        try {
            EscalationThresholds thresholds = new EscalationThresholds(
                    env.integer(RECENT_DAYS, d.recentDays(), 1, 28),
                    env.integer(BASELINE_WEEKS, d.baselineWeeks(), 1, 8),
                    env.integer(ESTABLISHED_AFTER_DAYS, d.establishedAfterDays(), 1, 90),
                    decimal(env, DEFAULT_WEEKLY_ASKS, d.defaultWeeklyAsks()),
                    decimal(env, DEFAULT_WEEKLY_TRIGGERS, d.defaultWeeklyTriggers()),
                    env.integer(MIN_REASSURANCE_ASKS, d.minReassuranceAsks(), 1, MAX_COUNT),
                    decimal(env, REASSURANCE_FACTOR, d.reassuranceFactor()),
                    env.integer(MIN_TRIGGERS, d.minTriggers(), 1, MAX_COUNT),
                    decimal(env, TRIGGER_FACTOR, d.triggerFactor()),
                    env.integer(DEVICE_CHECKS_FOR_HIGH, d.deviceChecksForHigh(), 1, MAX_COUNT),
                    env.integer(DEVICE_CHECKS_WHILE_ELEVATED, d.deviceChecksWhileElevated(), 1, MAX_COUNT),
                    env.integer(CONTROLLING_FOR_SEVERE, d.controllingForSevere(), 1, MAX_COUNT),
                    env.integer(DEESCALATION_DAYS, d.deescalationDays(), 1, 30),
                    env.bool(PRORATE_YOUNG_BASELINE, d.prorateYoungBaseline()));
            return defaults.toBuilder()
                    .escalation(thresholds)
                    .perUserMetricsCap(env.integer(PER_USER_METRICS_CAP, defaults.perUserMetricsCap(), 0, 1_000_000))
                    .alertSettle(Duration.ofMillis(env.integer(
                            ALERT_SETTLE_MS, (int) defaults.alertSettle().toMillis(), 0, MAX_ALERT_SETTLE_MS)))
                    .inputs(inputs(env))
                    .announcing(announcing(env))
                    .build();
        } catch (IllegalArgumentException e) {
            // The records' own checks (windows within the 90 kept days, factors > 0) name fields, not values.
            throw new ConfigException("The REFLECT_ESCALATION_* settings do not fit together: " + e.getMessage(), e);
        }
    }

    private static InputTopics inputs(Env env) {
        try {
            return InputTopics.version(env.string(InputTopics.VARIABLE, InputTopics.V1.version()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static AlertWindow announcing(Env env) {
        Instant from = instant(env, ALERTS_FROM, Instant.MIN);
        Instant until = instant(env, ALERTS_UNTIL, Instant.MAX);
        if (!from.isBefore(until)) {
            throw new ConfigException(ALERTS_FROM + " must be before " + ALERTS_UNTIL);
        }
        return new AlertWindow(from, until);
    }

    private static Instant instant(Env env, String name, Instant unset) {
        Optional<String> raw = env.optional(name).map(String::trim).filter(value -> !value.isEmpty());
        if (raw.isEmpty()) {
            return unset;
        }
        try {
            return Instant.parse(raw.get());
        } catch (DateTimeParseException e) {
            throw new ConfigException(name + " must be an ISO-8601 instant such as 2026-12-05T03:00:00Z", e);
        }
    }

    private static double decimal(Env env, String name, double defaultValue) {
        Optional<String> raw = env.optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (value >= 0 && value <= MAX_COUNT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new ConfigException(name + " must be a number between 0 and " + MAX_COUNT);
    }
}
