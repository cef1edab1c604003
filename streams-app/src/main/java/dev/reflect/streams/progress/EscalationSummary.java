package dev.reflect.streams.progress;

import dev.reflect.events.EscalationLevel;
import java.time.LocalDate;

/** The {@code escalation} object of the progress body: {@link EscalationView} without the figures. */
public record EscalationSummary(EscalationLevel level, LocalDate since, String rule, String message) {}
