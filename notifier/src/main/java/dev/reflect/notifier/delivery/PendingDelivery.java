package dev.reflect.notifier.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One webhook still to be delivered: what the notifier's outbox holds under its {@code webhookId}
 * until it is delivered or given up. The body is fixed when the alert is taken up, so every
 * attempt sends the same bytes.
 *
 * @param attempts the attempts made so far (0 before the first)
 * @param queuedAt when the notifier took the alert up
 * @param notBefore the earliest time of the next attempt
 * @param lastResult the last attempt's outcome ({@code http 503}, {@code timeout}, ...); null before the first
 */
public record PendingDelivery(
        String webhookId,
        String clinicianId,
        String body,
        int attempts,
        Instant queuedAt,
        Instant notBefore,
        String lastResult) {

    public PendingDelivery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(clinicianId, "clinicianId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** A delivery of {@code body} taken up at {@code now}, to be attempted at once. */
    public static PendingDelivery queued(String webhookId, String clinicianId, String body, Instant now) {
        return new PendingDelivery(webhookId, clinicianId, body, 0, now, now, null);
    }

    /** After one more failed attempt with {@code result}: tried again at {@code next}. */
    public PendingDelivery failedAttempt(String result, Instant next) {
        return new PendingDelivery(webhookId, clinicianId, body, attempts + 1, queuedAt, next, result);
    }

    @Override
    public String toString() {
        // No clinician id and no body in logs or assertion messages.
        return "PendingDelivery[" + webhookId + ", attempts=" + attempts + ", notBefore=" + notBefore + "]";
    }
}
