package dev.reflect.streams.escalation;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.state.Figures;
import java.time.LocalDate;

/**
 * What the rules of contract section 5 say about one day on their own, before hysteresis: the
 * level whose condition holds, the rule behind it (null for STEADY), and the figures looked at.
 */
public record Assessment(
        LocalDate day,
        EscalationLevel level,
        EscalationRule rule,
        Figures recent,
        PersonalBaseline baseline,
        boolean reassuranceDoubled,
        boolean triggerSurge) {

    /** The figures as an alert reports them. */
    public Alert.Observed observed() {
        return new Alert.Observed(
                recent.reassuranceAsks(),
                Rounding.oneDecimal(baseline.weeklyAsks()),
                recent.deviceChecks(),
                recent.controlling(),
                recent.triggers());
    }
}
