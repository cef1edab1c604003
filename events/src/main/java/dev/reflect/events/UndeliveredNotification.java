package dev.reflect.events;

import java.time.Instant;

/**
 * A clinician's webhook the notifier gave up on (contract section 8, as built: docs/notifier.md), as
 * written to {@code reflect.notifier.deadletter.v1} under its {@code webhookId}: enough to see what
 * failed and to send the very same webhook again. It holds what the webhook held (no note or journal
 * text, no userId) and the id of the clinician it was for.
 *
 * @param webhookId the {@code webhook-id} every attempt carried
 * @param clinicianId whose endpoint it was for
 * @param attempts how many attempts were made
 * @param queuedAt when the notifier took the alert up
 * @param givenUpAt when it stopped trying
 * @param lastResult the last attempt's outcome, e.g. {@code http 503}, {@code timeout}, {@code unreachable}
 * @param body the exact JSON body every attempt sent
 */
public record UndeliveredNotification(
        String webhookId,
        String clinicianId,
        int attempts,
        Instant queuedAt,
        Instant givenUpAt,
        String lastResult,
        String body) {}
