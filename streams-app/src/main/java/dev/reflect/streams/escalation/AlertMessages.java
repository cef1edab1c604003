package dev.reflect.streams.escalation;

import dev.reflect.events.EscalationLevel;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The human-readable sentence of an alert, for a clinician skimming a list. It holds figures
 * only, never anything the user wrote.
 */
final class AlertMessages {

    private final EscalationThresholds thresholds;

    AlertMessages(EscalationThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The message of a step up to {@code assessment}'s level. */
    String escalation(Assessment a) {
        int asks = a.recent().reassuranceAsks();
        int triggers = a.recent().triggers();
        int devices = a.recent().deviceChecks();
        return switch (a.rule()) {
            case CONTROLLING ->
                format(
                        "Controlling behaviour in the last %d days (%d).",
                        days(), a.recent().controlling());
            case DEVICE_CHECKING ->
                devices >= thresholds.deviceChecksForHigh()
                        ? format(
                                "Device checking in the last %d days (%d) reached the threshold of %d.",
                                days(), devices, thresholds.deviceChecksForHigh())
                        : format(
                                "Device checking in the last %d days (%d) while %s.",
                                days(), devices, elevatedClause(a));
            case REASSURANCE_DOUBLED ->
                comparison("Reassurance requests", asks, a.baseline().weeklyAsks(), a.baseline());
            case TRIGGER_SURGE -> comparison("Triggers", triggers, a.baseline().weeklyTriggers(), a.baseline());
            case DE_ESCALATION -> throw new IllegalArgumentException("not a step up");
        };
    }

    /** The message of a step down from {@code from} to {@code to}. */
    String deescalation(EscalationLevel from, EscalationLevel to, Assessment a) {
        return format(
                "Below %s for %d consecutive days, now %s. In the last %d days: reassurance requests %d "
                        + "(%s weekly level %.1f), triggers %d, device checks %d, controlling %d.",
                from,
                thresholds.deescalationDays(),
                to,
                days(),
                a.recent().reassuranceAsks(),
                usual(a.baseline()),
                a.baseline().weeklyAsks(),
                a.recent().triggers(),
                a.recent().deviceChecks(),
                a.recent().controlling());
    }

    /**
     * The message of a correction: an alert already sent said {@code announced} for {@code day},
     * but events that arrived afterwards, dated on or before it, show {@code actual}.
     */
    String correction(LocalDate day, EscalationLevel announced, EscalationLevel actual, Assessment a) {
        return format(
                "Correction: entries that arrived later show %s on %s, not %s as announced. In the last %d days: "
                        + "reassurance requests %d (%s weekly level %.1f), triggers %d, device checks %d, controlling %d.",
                actual,
                day,
                announced,
                days(),
                a.recent().reassuranceAsks(),
                usual(a.baseline()),
                a.baseline().weeklyAsks(),
                a.recent().triggers(),
                a.recent().deviceChecks(),
                a.recent().controlling());
    }

    private String elevatedClause(Assessment a) {
        return a.reassuranceDoubled()
                ? format(
                        "reassurance requests are elevated (%d, %s weekly level %.1f)",
                        a.recent().reassuranceAsks(),
                        usual(a.baseline()),
                        a.baseline().weeklyAsks())
                : format(
                        "triggers are elevated (%d, %s weekly level %.1f)",
                        a.recent().triggers(), usual(a.baseline()), a.baseline().weeklyTriggers());
    }

    private String comparison(String what, int observed, double weekly, PersonalBaseline baseline) {
        if (weekly > 0) {
            return format(
                    "%s in the last %d days (%d) are %.1fx the %s weekly level (%.1f).",
                    what, days(), observed, observed / weekly, usual(baseline), weekly);
        }
        return format(
                "%s in the last %d days (%d), against a %s weekly level of 0.",
                what, days(), observed, usual(baseline));
    }

    private static String usual(PersonalBaseline baseline) {
        // Before 14 days of history the figure is the configured stand-in, not the person's own.
        return baseline.established() ? "usual" : "default";
    }

    private int days() {
        return thresholds.recentDays();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
