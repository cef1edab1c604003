package dev.reflect.simulator.persona;

import dev.reflect.events.EscalationLevel;
import java.util.Optional;

/**
 * The kinds of people the simulator plays, and where the escalation rules (contract section 5)
 * should place each of them at the end of their history.
 */
public enum Persona {
    /** Much the same week after week: a few triggers and reassurance asks, some coping. */
    STEADY(EscalationLevel.STEADY, null),
    /** Fewer triggers and reassurance asks over the weeks, more coping, thought records that loosen beliefs. */
    IMPROVING(EscalationLevel.STEADY, null),
    /** Steady for weeks, then reassurance asks far above their usual level in the last days. */
    REASSURANCE_DOUBLING(EscalationLevel.ELEVATED, "reassurance_doubled"),
    /** As reassurance doubling, and checking the other person's phone or accounts. */
    DEVICE_CHECKING(EscalationLevel.HIGH, "device_checking"),
    /** Reassurance-seeking turned controlling: dictating where the other person goes or whom they see. */
    CONTROLLING(EscalationLevel.SEVERE, "controlling");

    private final EscalationLevel intendedLevel;
    private final String intendedRule;

    Persona(EscalationLevel intendedLevel, String intendedRule) {
        this.intendedLevel = intendedLevel;
        this.intendedRule = intendedRule;
    }

    /** The level the rules should give at the end of the history, and keep giving while live traffic runs. */
    public EscalationLevel intendedLevel() {
        return intendedLevel;
    }

    /** The contract's rule name behind {@link #intendedLevel()}; empty for STEADY. */
    public Optional<String> intendedRule() {
        return Optional.ofNullable(intendedRule);
    }

    public boolean escalating() {
        return intendedLevel != EscalationLevel.STEADY;
    }
}
