package dev.reflect.streams.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Instrument;
import dev.reflect.streams.measures.MeasureSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One person on one clinician's caseload (contract section 8), as the person's task last wrote it
 * to {@link StateStores#CASELOADS}: their level and why, their last 7 days, when they last checked
 * in, the alerts this clinician has not seen, and where they stand on each standardized measure
 * they answered (contract section 10). Figures are as of the person's latest day with data
 * ({@code asOf}), like their progress. Ids, levels, scores and counts only; never a text.
 *
 * @param since          the day the level took effect; null while the person has no data
 * @param rule           the rule behind the level; null at STEADY with no change
 * @param asOf           the person's latest day with data; null while they have none
 * @param lastCheckInDay the latest day with a check-in; null without one
 * @param unseenAlerts   escalation and measure alerts since the clinician last saw them
 * @param sharingSince   when the person began sharing with this clinician
 * @param measures       per instrument answered, as in progress; empty before any answer (and
 *                       in rows written before measures were kept here)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CaseloadEntry(
        String userId,
        EscalationLevel level,
        LocalDate since,
        String rule,
        LocalDate asOf,
        LocalDate lastCheckInDay,
        WindowTotals window7d,
        int unseenAlerts,
        Instant sharingSince,
        Map<Instrument, MeasureSummary> measures) {

    public CaseloadEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(window7d, "window7d");
        Objects.requireNonNull(sharingSince, "sharingSince");
        measures = measures == null || measures.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(measures));
    }

    @Override
    public String toString() {
        return "CaseloadEntry[level=" + level + ", unseenAlerts=" + unseenAlerts + "]";
    }
}
