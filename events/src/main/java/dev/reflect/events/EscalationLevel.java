package dev.reflect.events;

/** Escalation levels in order; {@link #severity()} is the number dashboards and alert rules use. */
public enum EscalationLevel {
    STEADY,
    ELEVATED,
    HIGH,
    SEVERE;

    public int severity() {
        return ordinal();
    }

    public boolean isAbove(EscalationLevel other) {
        return compareTo(other) > 0;
    }
}
