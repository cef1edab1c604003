package dev.reflect.streams.state;

import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything Reflect keeps about one user, the value of the {@link StateStores#USER_STATE} store:
 * per-local-day {@link Figures} for a bounded window of days, the first day the user ever had
 * data (it decides when their personal baseline counts as established, and survives pruning),
 * and the {@link EscalationState}.
 *
 * <p>Days are the user's local days (contract section 3): the date of {@code occurredAt} in its
 * own offset, so {@code 2026-11-26T23:30-08:00} belongs to 2026-11-26 whatever the server's zone.
 * Days without data are absent.
 */
public final class UserState {

    private final TreeMap<LocalDate, Figures> days = new TreeMap<>();
    private final EscalationState escalation = new EscalationState();
    private LocalDate firstDay;
    /**
     * Prefix sums of the kept days' counters from the oldest kept day on, one row a calendar day
     * ({@code prefix[i]} = the days before oldest + i), built by the first {@link #totals} after a
     * change and dropped by every change. The escalation rules ask for the totals of overlapping
     * windows of every day they re-derive (tens of days an event, each over up to 28 days); with
     * the prefix each is one subtraction instead of a walk over the days.
     */
    private long[][] prefix;
    /** Beyond this span of kept days totals walk the map (the topology keeps 90). */
    private static final int MAX_PREFIX_DAYS = 400;

    public static UserState empty() {
        return new UserState();
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    /** The earliest local day this user ever had data, or null when empty. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** D of contract section 5: the latest local day with data, or null when empty. */
    public LocalDate latestDay() {
        return days.isEmpty() ? null : days.lastKey();
    }

    /** The days with data, oldest first (read-only). */
    public NavigableMap<LocalDate, Figures> days() {
        return Collections.unmodifiableNavigableMap(days);
    }

    /** The figures of one day; empty figures for a day without data. */
    public Figures day(LocalDate day) {
        Figures figures = days.get(day);
        return figures == null ? new Figures() : figures.copy();
    }

    /** The figures of the days {@code from}..{@code to}, both included. */
    public Figures totals(LocalDate from, LocalDate to) {
        if (from.isAfter(to) || days.isEmpty()) {
            return new Figures();
        }
        LocalDate oldest = days.firstKey();
        long span = days.lastKey().toEpochDay() - oldest.toEpochDay() + 1;
        if (span > MAX_PREFIX_DAYS) {
            Figures sum = new Figures();
            for (Figures figures : days.subMap(from, true, to, true).values()) {
                sum.addAll(figures);
            }
            return sum;
        }
        long[][] sums = prefix((int) span, oldest);
        int lower = (int) Math.min(span, Math.max(0, from.toEpochDay() - oldest.toEpochDay()));
        int upper = (int) Math.min(span, Math.max(0, to.toEpochDay() - oldest.toEpochDay() + 1));
        return Figures.difference(sums[Math.max(lower, upper)], sums[lower]);
    }

    private long[][] prefix(int span, LocalDate oldest) {
        if (prefix == null) {
            long[][] sums = new long[span + 1][Figures.SIZE];
            Map.Entry<LocalDate, Figures> next = days.firstEntry();
            for (int i = 0; i < span; i++) {
                System.arraycopy(sums[i], 0, sums[i + 1], 0, Figures.SIZE);
                if (next != null && next.getKey().toEpochDay() - oldest.toEpochDay() == i) {
                    next.getValue().addTo(sums[i + 1]);
                    next = days.higherEntry(next.getKey());
                }
            }
            prefix = sums;
        }
        return prefix;
    }

    public EscalationState escalation() {
        return escalation;
    }

    /** Counts one event into its local day and returns that day. The caller has already de-duplicated it. */
    public LocalDate add(ReflectEvent event) {
        LocalDate day = event.localDay();
        prefix = null;
        Figures figures = days.computeIfAbsent(day, d -> new Figures());
        if (event instanceof CheckIn checkIn) {
            figures.add(checkIn);
        } else if (event instanceof JournalEntry entry) {
            figures.add(entry);
        } else {
            throw new IllegalArgumentException(
                    "unknown event type " + event.getClass().getSimpleName());
        }
        if (firstDay == null || day.isBefore(firstDay)) {
            firstDay = day;
        }
        return day;
    }

    /** Drops the days before {@code oldestKept}; the first day is kept as history. */
    public void pruneBefore(LocalDate oldestKept) {
        days.headMap(oldestKept, false).clear();
        prefix = null;
    }

    void restoreFirstDay(LocalDate day) {
        this.firstDay = day;
    }

    void restoreDay(LocalDate day, Figures figures) {
        days.put(day, figures);
        prefix = null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserState other
                && Objects.equals(firstDay, other.firstDay)
                && days.equals(other.days)
                && escalation.equals(other.escalation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstDay, days, escalation);
    }

    @Override
    public String toString() {
        StringBuilder text =
                new StringBuilder("UserState[firstDay=").append(firstDay).append(", days={");
        for (Map.Entry<LocalDate, Figures> entry : days.entrySet()) {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append(' ');
        }
        return text.append("}, ").append(escalation).append(']').toString();
    }
}
