package dev.reflect.notifier.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.EventRules;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What the notifier reads of an alert record on {@code reflect.alerts.v1}: the fields a webhook is
 * made from, and the JSON field {@code notify}, the clinicians to tell (contract section 8). It is
 * read from the record's JSON, not through {@code dev.reflect.events.Alert}'s Java accessors, so
 * that the notifier depends on the topic's wire format only: whatever the Java component holding
 * {@code notify} is called, and whatever other fields the alert gains (they are ignored here; the
 * message and the figures are never read at all, so no text can reach a webhook).
 *
 * @param clinicians JSON field {@code notify} (a component cannot be called that: it is
 *     {@code Object}'s): the clinicians' ids; absent, null or empty: nobody. An entry that is blank or longer
 *     than {@link EventRules#MAX_USER_ID_LENGTH} makes the record unreadable (skipped and counted).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertNotice(
        UUID alertId,
        String userId,
        EscalationLevel level,
        EscalationLevel previousLevel,
        String rule,
        LocalDate day,
        @JsonProperty("notify") List<String> clinicians) {

    public AlertNotice {
        clinicians = clinicians == null ? List.of() : List.copyOf(clinicians);
        for (int i = 0; i < clinicians.size(); i++) {
            String clinician = clinicians.get(i);
            if (clinician.isBlank() || clinician.length() > EventRules.MAX_USER_ID_LENGTH) {
                // Names the position and the rule, never the id.
                throw new IllegalArgumentException("notify[" + i + "] must be a clinician id of 1 to "
                        + EventRules.MAX_USER_ID_LENGTH + " characters, not blank");
            }
        }
    }

    /** Enough to make a webhook from: an id, a person and a level. */
    public boolean isComplete() {
        return alertId != null && userId != null && level != null;
    }
}
