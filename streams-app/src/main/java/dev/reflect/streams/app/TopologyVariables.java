package dev.reflect.streams.app;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.topology.TopologySettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The environment variables that tune the topology: every threshold of contract section 5
 * ({@code REFLECT_ESCALATION_*}, defaults as in the contract, see {@link EscalationThresholds})
 * the per-user metrics cap of section 7, and how long input settles before level changes are
 * announced ({@code REFLECT_ALERT_SETTLE_MS}, 5000, see {@link TopologySettings#alertSettle()}).
 * Unset variables keep the contract's values.
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
                    .build();
        } catch (IllegalArgumentException e) {
            // The records' own checks (windows within the 90 kept days, factors > 0) name fields, not values.
            throw new ConfigException("The REFLECT_ESCALATION_* settings do not fit together: " + e.getMessage(), e);
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
