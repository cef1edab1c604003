package dev.reflect.streams.topology;

import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Instrument;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureSummary;
import dev.reflect.streams.state.CaseloadEntry;
import dev.reflect.streams.state.EscalationState;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.WindowTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The caseload rows a person's task writes: one per clinician they share with, from their
 * behaviour state and their measures. Both aggregators write them (each when what it keeps
 * changes), reading the other's store, so a row is always whole.
 */
final class CaseloadRows {

    static final int WINDOW_DAYS = 7;

    private CaseloadRows() {}

    /**
     * How many alerts the person has had in all, on both tracks: what a clinician's unseen alerts
     * are counted from. Only grows while the person exists.
     */
    static int alertsSoFar(UserState state, MeasureState measures) {
        return (state == null ? 0 : state.escalation().announcements()) + (measures == null ? 0 : measures.alerts());
    }

    /** The person's row on every caseload they are on. */
    static List<PersonOutput.CaseloadRow> all(
            String userId, UserState state, MeasureState measures, SharingState sharing) {
        List<PersonOutput.CaseloadRow> rows = new ArrayList<>();
        if (sharing == null) {
            return rows;
        }
        for (String clinicianId : sharing.activeClinicians()) {
            rows.add(row(userId, state, measures, sharing, clinicianId));
        }
        return rows;
    }

    /** The person's row on {@code clinicianId}'s caseload, or its removal when they no longer share. */
    static PersonOutput.CaseloadRow row(
            String userId, UserState state, MeasureState measures, SharingState sharing, String clinicianId) {
        SharingState.Grant grant = sharing.grant(clinicianId);
        if (grant == null || !grant.active()) {
            return new PersonOutput.CaseloadRow(clinicianId, userId, null);
        }
        return new PersonOutput.CaseloadRow(clinicianId, userId, entry(userId, state, measures, grant));
    }

    static CaseloadEntry entry(String userId, UserState state, MeasureState measures, SharingState.Grant grant) {
        int unseen = grant.unseen(alertsSoFar(state, measures));
        Map<Instrument, MeasureSummary> summaries = measures == null ? Map.of() : measures.summaries();
        if (state == null || state.isEmpty()) {
            return new CaseloadEntry(
                    userId,
                    EscalationLevel.STEADY,
                    null,
                    null,
                    null,
                    null,
                    WindowTotals.NONE,
                    unseen,
                    grant.since(),
                    summaries);
        }
        EscalationState escalation = state.escalation();
        LocalDate asOf = state.latestDay();
        return new CaseloadEntry(
                userId,
                escalation.level(),
                escalation.since() == null ? state.firstDay() : escalation.since(),
                escalation.rule() == null ? null : escalation.rule().wireName(),
                asOf,
                lastCheckInDay(state),
                WindowTotals.of(state.totals(asOf.minusDays(WINDOW_DAYS - 1L), asOf)),
                unseen,
                grant.since(),
                summaries);
    }

    private static LocalDate lastCheckInDay(UserState state) {
        for (Map.Entry<LocalDate, Figures> day : state.days().descendingMap().entrySet()) {
            if (day.getValue().checkIns() > 0) {
                return day.getKey();
            }
        }
        return null;
    }
}
