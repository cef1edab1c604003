package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One escalation level change of one user (contract section 4), as written to {@code reflect.alerts.v1}.
 *
 * @param recipients JSON field {@code notify}: the clinicians the person shared with when it fired,
 *     to be told (contract section 8); empty when they shared with nobody, and on records written
 *     before the field existed. Each is a clinician's id (a token subject), held to the userId
 *     rules: not blank, at most {@link EventRules#MAX_USER_ID_LENGTH} characters; a record that
 *     breaks them does not deserialize. (A record component cannot be called {@code notify}: that
 *     is {@code Object}'s. Consumers outside this module, such as the notifier, read the JSON
 *     field rather than this accessor.)
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
        for (int i = 0; i < recipients.size(); i++) {
            String clinician = recipients.get(i);
            if (clinician.isBlank() || clinician.length() > EventRules.MAX_USER_ID_LENGTH) {
                // Names the position and the rule, never the id.
                throw new IllegalArgumentException("notify[" + i + "] must be a clinician id of 1 to "
                        + EventRules.MAX_USER_ID_LENGTH + " characters, not blank");
            }
        }
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

    /** The same alert, to be told to {@code recipients}. */
    public Alert notifying(List<String> recipients) {
        return new Alert(alertId, userId, level, previousLevel, rule, day, observed, message, recipients);
    }

    /** The figures the rule looked at. */
    public record Observed(
            int reassuranceAsks7d, double baselineWeeklyAsks, int deviceChecks7d, int controlling7d, int triggers7d) {}
}
