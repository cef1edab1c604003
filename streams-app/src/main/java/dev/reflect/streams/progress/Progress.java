package dev.reflect.streams.progress;

import dev.reflect.events.Instrument;
import dev.reflect.streams.measures.MeasureSummary;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
 * @param measures       per instrument answered (contract section 10): latest score, band, first
 *                       score in the 90 days up to it and the change; empty when none was answered
 */
public record Progress(
        String userId,
        String pseudonym,
        LocalDate asOf,
        List<DayProgress> days,
        Window7d window7d,
        BaselineWeekly baselineWeekly,
        EscalationSummary escalation,
        Map<Instrument, MeasureSummary> measures) {

    public Progress {
        days = List.copyOf(days);
        measures = measures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(measures));
    }

    /** The same progress with the person's measures, which live in a store of their own. */
    public Progress withMeasures(Map<Instrument, MeasureSummary> value) {
        return new Progress(userId, pseudonym, asOf, days, window7d, baselineWeekly, escalation, value);
    }
}
