package dev.reflect.streams.state;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.escalation.EscalationRule;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One change of a person's escalation level in their history: on {@code day} the level went from
 * {@code previous} to {@code level}, because of {@code rule}, with the figures and the sentence an
 * alert about it carries. Figures and sentence hold no text the person wrote.
 *
 * <p>Only the latest change needs its figures and sentence kept: they are what the person's
 * escalation says now. For an earlier one they are null ({@link #withoutContent()}), and the
 * evaluator derives them again from the figures of that day when an alert needs them, which keeps
 * a person's state small however often their level moved.
 */
public record LevelChange(
        LocalDate day,
        EscalationLevel previous,
        EscalationLevel level,
        EscalationRule rule,
        Alert.Observed observed,
        String message) {

    public LevelChange {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(rule, "rule");
        if (previous == level) {
            throw new IllegalArgumentException("a change must change the level");
        }
        if ((observed == null) != (message == null)) {
            throw new IllegalArgumentException("figures and sentence are kept together or not at all");
        }
    }

    /** Whether the figures and sentence are kept. */
    public boolean hasContent() {
        return message != null;
    }

    /** The same change without its figures and sentence. */
    public LevelChange withoutContent() {
        return hasContent() ? new LevelChange(day, previous, level, rule, null, null) : this;
    }

    /** The same change of level, whatever figures and sentence either keeps. */
    public boolean sameChange(LevelChange other) {
        return day.equals(other.day) && previous == other.previous && level == other.level && rule == other.rule;
    }
}
