package dev.reflect.notifier.topology;

import dev.reflect.notifier.delivery.Deliverer;
import dev.reflect.notifier.delivery.DeliveryCapacity;
import dev.reflect.notifier.delivery.DeliveryMetrics;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * What the outbox processor works with, shared by the tasks of one instance: the deliverer (HTTP
 * in production, a fake in topology tests), the capacity bounds, the meters, and the source of
 * the retry jitter.
 */
public record DeliveryRuntime(
        Deliverer deliverer, DeliveryCapacity capacity, DeliveryMetrics metrics, DoubleSupplier jitter) {

    public DeliveryRuntime {
        Objects.requireNonNull(deliverer, "deliverer");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(jitter, "jitter");
    }
}
