package dev.reflect.streams.progress;

/** The weekly baseline the escalation rules compare against; the configured stand-in until {@code established}. */
public record BaselineWeekly(double reassuranceAsks, double triggers, boolean established) {}
