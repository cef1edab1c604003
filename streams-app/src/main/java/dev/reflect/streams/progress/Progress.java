package dev.reflect.streams.progress;

import java.time.LocalDate;
import java.util.List;

/**
 * The progress body of contract section 6, serialisable with {@code Json.mapper()}.
 *
 * @param pseudonym      the user's {@code user} label in the per-user metrics, so a clinician can find
 *                       them in Grafana; null when the service has no pseudonym secret (per-user metrics off)
 * @param asOf           the last day of the series and the 7-day window
 * @param days           one entry per calendar day, oldest first, days without data included (zeros)
 * @param window7d       the 7 days ending at {@code asOf}
 * @param baselineWeekly the personal baseline on {@code asOf}
 * @param escalation     the current level, as of the user's latest event
 */
public record Progress(
        String userId,
        String pseudonym,
        LocalDate asOf,
        List<DayProgress> days,
        Window7d window7d,
        BaselineWeekly baselineWeekly,
        EscalationSummary escalation) {

    public Progress {
        days = List.copyOf(days);
    }
}
