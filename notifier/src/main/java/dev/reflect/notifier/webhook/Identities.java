package dev.reflect.notifier.webhook;

import dev.reflect.service.privacy.Pseudonym;
import java.util.Objects;
import java.util.UUID;

/**
 * The identifiers a webhook carries, both keyed digests of {@code REFLECT_PSEUDONYM_SECRET} so that
 * neither can be tested against a guessed userId or clinician id:
 * <ul>
 *   <li>the {@code webhook-id}, {@code msg_} and 32 hex digits of (alertId, clinicianId): the same
 *       for every attempt and every redelivery of one alert to one clinician, different for every
 *       other pair, so the receiver deduplicates by it (Standard Webhooks' idempotency key);</li>
 *   <li>the {@code person}: {@link Pseudonym#forClinician}.</li>
 * </ul>
 */
public final class Identities {

    public static final String WEBHOOK_ID_PREFIX = "msg_";

    private final Pseudonym keys;

    public Identities(Pseudonym keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public String webhookId(UUID alertId, String clinicianId) {
        return WEBHOOK_ID_PREFIX + keys.keyed("webhook-id", alertId.toString(), clinicianId);
    }

    public String person(String clinicianId, String userId) {
        return keys.forClinician(clinicianId, userId);
    }
}
