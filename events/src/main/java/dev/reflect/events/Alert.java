package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One escalation level change of one user (contract section 4), as written to {@code reflect.alerts.v1}.
 *
 * @param recipients the clinicians the person shared with when it fired, to be told (contract section
 *     8), {@code notify} on the wire ({@code notify} is taken in Java); empty when they shared
 *     with nobody, and on records written before the field existed
 */
public record Alert(
        UUID alertId,
        String userId,
        EscalationLevel level,
        EscalationLevel previousLevel,
        String rule,
        LocalDate day,
        Observed observed,
        String message,
        @JsonProperty("notify") List<String> recipients) {

    public Alert {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** An alert that names nobody to notify. */
    public Alert(
            UUID alertId,
            String userId,
            EscalationLevel level,
            EscalationLevel previousLevel,
            String rule,
            LocalDate day,
            Observed observed,
            String message) {
        this(alertId, userId, level, previousLevel, rule, day, observed, message, List.of());
    }

    /** The same alert, to be told to {@code clinicians}. */
    public Alert notifying(List<String> clinicians) {
        return new Alert(alertId, userId, level, previousLevel, rule, day, observed, message, clinicians);
    }

    /** The figures the rule looked at. */
    public record Observed(
            int reassuranceAsks7d, double baselineWeeklyAsks, int deviceChecks7d, int controlling7d, int triggers7d) {}
}
