package dev.reflect.streams.escalation;

import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A user's usual weekly reassurance asks and triggers, measured on the weeks before the recent
 * window (D-27..D-7 by default), or the configured stand-in while the user is too new for their
 * own history to mean much (contract section 5).
 */
public record PersonalBaseline(double weeklyAsks, double weeklyTriggers, boolean established) {

    /** The baseline as it stands on {@code day} (the D of the rules). */
    public static PersonalBaseline of(UserState state, LocalDate day, EscalationThresholds thresholds) {
        LocalDate firstDay = state.firstDay();
        boolean established = firstDay != null && !firstDay.isAfter(day.minusDays(thresholds.establishedAfterDays()));
        if (!established) {
            return new PersonalBaseline(thresholds.defaultWeeklyAsks(), thresholds.defaultWeeklyTriggers(), false);
        }
        LocalDate to = day.minusDays(thresholds.recentDays());
        LocalDate from = to.minusDays(7L * thresholds.baselineWeeks() - 1);
        Figures figures = state.totals(from, to);
        double weeks = thresholds.baselineWeeks();
        if (thresholds.prorateYoungBaseline() && firstDay.isAfter(from)) {
            long coveredDays = ChronoUnit.DAYS.between(firstDay, to) + 1;
            weeks = coveredDays / 7.0;
        }
        return new PersonalBaseline(figures.reassuranceAsks() / weeks, figures.triggers() / weeks, true);
    }
}
