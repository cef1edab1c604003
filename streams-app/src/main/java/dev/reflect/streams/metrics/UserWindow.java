package dev.reflect.streams.metrics;

import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What per-user metrics keep of one user: their label, the last days of their figures, their
 * escalation level, and the offset that places "today" in their calendar. Immutable: a stream
 * thread builds a new one per update while a scrape reads the previous one.
 *
 * @param offset   the offset of the user's last counted event; null when unknown (a user picked
 *                 up from the store after a restart, until their next event), then UTC stands in
 * @param sequence when it was made, in {@link PerUserMetrics}' update order
 */
record UserWindow(
        UserLabel label,
        ZoneOffset offset,
        NavigableMap<LocalDate, Figures> days,
        EscalationLevel level,
        long sequence) {

    /** Days of the 7-day window. */
    static final int WINDOW_DAYS = 7;
    /**
     * Days kept, counted back from the user's latest day: {@link #today} is never before it, so no
     * window reaches further back.
     */
    static final int KEPT_DAYS = WINDOW_DAYS;

    /** A copy of the figures of the days that can still fall in a window; {@code state} is not kept. */
    static UserWindow of(UserLabel label, ZoneOffset offset, UserState state, long sequence) {
        TreeMap<LocalDate, Figures> days = new TreeMap<>();
        LocalDate latest = state.latestDay();
        if (latest != null) {
            for (Map.Entry<LocalDate, Figures> day : state.days()
                    .subMap(latest.minusDays(KEPT_DAYS - 1L), true, latest, true)
                    .entrySet()) {
                days.put(day.getKey(), day.getValue().copy());
            }
        }
        return new UserWindow(label, offset, days, state.escalation().level(), sequence);
    }

    /** The latest day with data, or null. */
    LocalDate latestDay() {
        return days.isEmpty() ? null : days.lastKey();
    }

    /**
     * The user's calendar date at {@code now}: the date in the offset of their last event, or their
     * latest day with data if that is later. A person whose check-in came from a zone further east
     * than their last event (a check-in at 00:05 +01:00, then a journal entry at 23:40 UTC) has
     * already begun that day; leaving it out would hide their latest figures until the clock
     * caught up.
     */
    LocalDate today(Instant now) {
        LocalDate inOffset = LocalDate.ofInstant(now, offset == null ? ZoneOffset.UTC : offset);
        LocalDate latest = latestDay();
        return latest != null && latest.isAfter(inOffset) ? latest : inOffset;
    }

    /** The figures of the 7 days ending {@code today}: days without data add nothing, so the sum decays. */
    Figures window(LocalDate today) {
        Figures sum = new Figures();
        for (Figures figures : days.subMap(today.minusDays(WINDOW_DAYS - 1L), true, today, true)
                .values()) {
            sum.addAll(figures);
        }
        return sum;
    }

    UserWindow withSequence(long newSequence) {
        return new UserWindow(label, offset, days, level, newSequence);
    }
}
