package dev.reflect.events;

import java.time.LocalDate;
import java.util.UUID;

/** One escalation level change of one user (contract section 4), as written to {@code reflect.alerts.v1}. */
public record Alert(
        UUID alertId,
        String userId,
        EscalationLevel level,
        EscalationLevel previousLevel,
        String rule,
        LocalDate day,
        Observed observed,
        String message) {

    /** The figures the rule looked at. */
    public record Observed(
            int reassuranceAsks7d, double baselineWeeklyAsks, int deviceChecks7d, int controlling7d, int triggers7d) {}
}
