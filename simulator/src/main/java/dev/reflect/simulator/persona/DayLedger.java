package dev.reflect.simulator.persona;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one user has done per local day, so a calm persona can be held below the escalation
 * rules' floors in every 7-day window, not just on average: the rules look at any 7 days ending
 * on the latest day, and a random cluster would otherwise escalate someone meant to be steady.
 */
final class DayLedger {

    enum Measure {
        REASSURANCE_ASKS,
        TRIGGERS,
        DEVICE_CHECKS,
        CONTROLLING
    }

    private final int windowDays;
    private final TreeMap<LocalDate, Map<Measure, Integer>> days = new TreeMap<>();

    DayLedger(int windowDays) {
        this.windowDays = windowDays;
    }

    /**
     * How many of {@code wanted} can be added on {@code day} while every {@code windowDays}-day
     * window containing that day stays at or below {@code cap}.
     */
    int allowance(LocalDate day, Measure measure, int wanted, int cap) {
        int fullest = 0;
        for (int end = 0; end < windowDays; end++) {
            LocalDate last = day.plusDays(end);
            fullest = Math.max(fullest, sum(measure, last.minusDays(windowDays - 1L), last));
        }
        return Math.max(0, Math.min(wanted, cap - fullest));
    }

    void add(LocalDate day, Measure measure, int amount) {
        if (amount > 0) {
            days.computeIfAbsent(day, d -> new EnumMap<>(Measure.class)).merge(measure, amount, Integer::sum);
        }
    }

    int sum(Measure measure, LocalDate from, LocalDate to) {
        int total = 0;
        for (Map<Measure, Integer> figures : days.subMap(from, true, to, true).values()) {
            total += figures.getOrDefault(measure, 0);
        }
        return total;
    }

    /** Forgets days no window can reach any more, so a long live run does not grow without bound. */
    void forgetBefore(LocalDate day) {
        days.headMap(day.minusDays(windowDays), false).clear();
    }
}
