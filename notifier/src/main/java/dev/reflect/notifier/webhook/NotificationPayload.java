package dev.reflect.notifier.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The body of a clinician's webhook, in the Standard Webhooks shape ({@code type},
 * {@code timestamp}, {@code data}). It is an allow-list: these fields and no others, whatever the
 * alert holds. What stays out, and why (docs/notifier.md, "What a webhook says"):
 * <ul>
 *   <li>the userId: the webhook lands in a system Reflect does not control (its logs, its
 *       retention); it carries {@code person}, a reference that only this clinician gets for this
 *       person ({@code Pseudonym#forClinician}), and the clinician reads who it is in Reflect, where
 *       access follows the person's sharing and is audited;</li>
 *   <li>the alertId: it is a name-based UUID of the userId, testable against guessed ids;</li>
 *   <li>the message and the observed figures: read in Reflect, behind the same check;</li>
 *   <li>any note or journal text: an alert has none, and this type could not carry one.</li>
 * </ul>
 *
 * @param type {@value #TYPE}
 * @param timestamp when the alert was raised (its record's timestamp on the alerts topic); the same
 *     in every attempt and every redelivery
 */
public record NotificationPayload(String type, Instant timestamp, Data data) {

    public static final String TYPE = "escalation.changed";

    /**
     * @param person this clinician's reference for the person (32 hex digits)
     * @param caseload where the clinician reads more (signing in first); absent when not configured
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            String person,
            EscalationLevel level,
            EscalationLevel previousLevel,
            String rule,
            LocalDate day,
            String caseload) {}

    public static NotificationPayload of(AlertNotice alert, String person, Optional<URI> caseload, Instant raisedAt) {
        return new NotificationPayload(
                TYPE,
                raisedAt,
                new Data(
                        person,
                        alert.level(),
                        alert.previousLevel(),
                        alert.rule(),
                        alert.day(),
                        caseload.map(URI::toString).orElse(null)));
    }

    /** Minified JSON: the exact bytes that are signed and sent. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification payload did not serialize", e);
        }
    }
}
