package dev.reflect.notifier.delivery;

import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import java.util.concurrent.CompletableFuture;

/**
 * Makes one attempt to deliver a webhook, without blocking the caller: the answer comes later, and
 * a slow receiver holds nothing but its own attempt. The future always completes, normally, with
 * the attempt's outcome (never exceptionally), within the attempt timeout.
 */
@FunctionalInterface
public interface Deliverer {

    CompletableFuture<AttemptResult> attempt(ClinicianEndpoint endpoint, PendingDelivery delivery);
}
