package dev.reflect.notifier.topology;

import dev.reflect.notifier.delivery.RetryPolicy;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.notifier.webhook.Identities;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the outbox processor decides with: whose endpoints, which identifiers, what link, how
 * often to retry, and how often it looks for webhooks that fell due.
 *
 * @param caseload the link in every webhook to where the clinician reads more; empty for none
 * @param tick how often due webhooks are looked for and answers taken in (wall-clock time)
 */
public record DeliverySettings(
        ClinicianEndpoints endpoints, Identities identities, Optional<URI> caseload, RetryPolicy retry, Duration tick) {

    public static final Duration DEFAULT_TICK = Duration.ofMillis(250);

    public DeliverySettings {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(caseload, "caseload");
        Objects.requireNonNull(retry, "retry");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive");
        }
    }
}
