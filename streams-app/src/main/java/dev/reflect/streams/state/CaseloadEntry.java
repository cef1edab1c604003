package dev.reflect.streams.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reflect.events.EscalationLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One person on one clinician's caseload (contract section 8), as the person's task last wrote it
 * to {@link StateStores#CASELOADS}: their level and why, their last 7 days, when they last checked
 * in, and the alerts this clinician has not seen. Figures are as of the person's latest day with
 * data ({@code asOf}), like their progress. Ids, levels and counts only; never a text.
 *
 * @param since          the day the level took effect; null while the person has no data
 * @param rule           the rule behind the level; null at STEADY with no change
 * @param asOf           the person's latest day with data; null while they have none
 * @param lastCheckInDay the latest day with a check-in; null without one
 * @param sharingSince   when the person began sharing with this clinician
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
        Instant sharingSince) {

    public CaseloadEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(window7d, "window7d");
        Objects.requireNonNull(sharingSince, "sharingSince");
    }

    @Override
    public String toString() {
        return "CaseloadEntry[level=" + level + ", unseenAlerts=" + unseenAlerts + "]";
    }
}
