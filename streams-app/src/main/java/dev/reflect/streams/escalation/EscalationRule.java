package dev.reflect.streams.escalation;

/**
 * Why a user is at their level: the rules of contract section 5, plus {@link #DE_ESCALATION} for
 * a step down, which no single rule causes (the lower level held for the configured number of
 * days). The wire names are the contract's {@code rule} values.
 *
 * <p>The compact state serde stores the ordinal: append new rules, never reorder.
 */
public enum EscalationRule {
    CONTROLLING("controlling"),
    DEVICE_CHECKING("device_checking"),
    REASSURANCE_DOUBLED("reassurance_doubled"),
    TRIGGER_SURGE("trigger_surge"),
    DE_ESCALATION("de_escalation");

    private final String wireName;

    EscalationRule(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in alerts and the query API. */
    public String wireName() {
        return wireName;
    }
}
