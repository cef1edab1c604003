package dev.reflect.streams.progress;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import java.time.LocalDate;

/**
 * The body of {@code GET /v1/users/{userId}/escalation}: {@code {"level","since","rule","observed","message"}}.
 * After a change it repeats what that change's alert said. Before any change the user is STEADY
 * since their first day, {@code rule} is null and {@code observed} holds the figures of their
 * latest day.
 */
public record EscalationView(
        EscalationLevel level, LocalDate since, String rule, Alert.Observed observed, String message) {

    public EscalationSummary summary() {
        return new EscalationSummary(level, since, rule, message);
    }
}
