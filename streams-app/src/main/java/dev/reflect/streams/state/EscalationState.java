package dev.reflect.streams.state;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.escalation.EscalationRule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the escalation evaluator remembers about one user between events: the current level and
 * the change that set it (as the last alert said it), the last day it evaluated, and the levels
 * the rules gave on the most recent evaluated days, which decide when a step down is due.
 *
 * <p>Before the first change a user is {@code STEADY} with no rule, observed figures or message.
 */
public final class EscalationState {

    private EscalationLevel level = EscalationLevel.STEADY;
    private EscalationLevel previousLevel;
    private LocalDate since;
    private EscalationRule rule;
    private Alert.Observed observed;
    private String message;
    private int changeCount;
    private LocalDate lastEvaluatedDay;
    /** Levels the rules gave on consecutive evaluated days ending at lastEvaluatedDay, oldest first. */
    private final List<EscalationLevel> recentLevels = new ArrayList<>();

    public EscalationLevel level() {
        return level;
    }

    /** The level before the last change, or null before any change. */
    public EscalationLevel previousLevel() {
        return previousLevel;
    }

    /** The local day the current level began, or null before any change (then it is the user's first day). */
    public LocalDate since() {
        return since;
    }

    /** The rule of the last change, or null before any change. */
    public EscalationRule rule() {
        return rule;
    }

    /** The figures at the last change, or null before any change. */
    public Alert.Observed observed() {
        return observed;
    }

    /** The message of the last change's alert, or null before any change. */
    public String message() {
        return message;
    }

    /** How many level changes (alerts) this user has had; numbers them for deterministic alert ids. */
    public int changeCount() {
        return changeCount;
    }

    public LocalDate lastEvaluatedDay() {
        return lastEvaluatedDay;
    }

    public List<EscalationLevel> recentLevels() {
        return List.copyOf(recentLevels);
    }

    /**
     * Records the level the rules gave on {@code day}: a later day is appended, the last evaluated
     * day again (a late event changed its figures) replaces its entry. Keeps at most {@code keep}.
     */
    public void recordEvaluation(LocalDate day, EscalationLevel computed, int keep) {
        if (lastEvaluatedDay != null && day.isBefore(lastEvaluatedDay)) {
            throw new IllegalArgumentException("evaluation days only move forward");
        }
        if (day.equals(lastEvaluatedDay) && !recentLevels.isEmpty()) {
            recentLevels.set(recentLevels.size() - 1, computed);
        } else {
            if (lastEvaluatedDay != null && !day.equals(lastEvaluatedDay.plusDays(1))) {
                // A gap means the days in between were not evaluated: the run is broken.
                recentLevels.clear();
            }
            recentLevels.add(computed);
        }
        while (recentLevels.size() > keep) {
            recentLevels.remove(0);
        }
        lastEvaluatedDay = day;
    }

    /** Moves to a new level; the caller emits the matching alert. */
    public void change(
            EscalationLevel newLevel,
            LocalDate day,
            EscalationRule newRule,
            Alert.Observed newObserved,
            String newMessage) {
        previousLevel = level;
        level = Objects.requireNonNull(newLevel);
        since = Objects.requireNonNull(day);
        rule = Objects.requireNonNull(newRule);
        observed = Objects.requireNonNull(newObserved);
        message = Objects.requireNonNull(newMessage);
        changeCount++;
    }

    void restore(
            EscalationLevel level,
            EscalationLevel previousLevel,
            LocalDate since,
            EscalationRule rule,
            Alert.Observed observed,
            String message,
            int changeCount,
            LocalDate lastEvaluatedDay,
            List<EscalationLevel> recentLevels) {
        this.level = level;
        this.previousLevel = previousLevel;
        this.since = since;
        this.rule = rule;
        this.observed = observed;
        this.message = message;
        this.changeCount = changeCount;
        this.lastEvaluatedDay = lastEvaluatedDay;
        this.recentLevels.clear();
        this.recentLevels.addAll(recentLevels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EscalationState s
                && level == s.level
                && previousLevel == s.previousLevel
                && Objects.equals(since, s.since)
                && rule == s.rule
                && Objects.equals(observed, s.observed)
                && Objects.equals(message, s.message)
                && changeCount == s.changeCount
                && Objects.equals(lastEvaluatedDay, s.lastEvaluatedDay)
                && recentLevels.equals(s.recentLevels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                level, previousLevel, since, rule, observed, message, changeCount, lastEvaluatedDay, recentLevels);
    }

    @Override
    public String toString() {
        return "EscalationState[level=" + level + ", since=" + since + ", rule=" + rule + ", changes=" + changeCount
                + ", lastEvaluated=" + lastEvaluatedDay + ", recent=" + recentLevels + "]";
    }
}
