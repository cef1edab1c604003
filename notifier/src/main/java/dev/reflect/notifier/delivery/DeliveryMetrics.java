package dev.reflect.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notifier's meters (docs/metrics.md), none labelled with a person or a clinician:
 * <ul>
 *   <li>{@code reflect_notifier_deliveries_total{outcome}}: webhooks that ended, {@code delivered},
 *       {@code given_up} (dead-lettered), or not sent because the clinician has no endpoint,
 *       {@code no_endpoint};</li>
 *   <li>{@code reflect_notifier_attempts_total{result}}: every attempt, by {@link AttemptResult.Outcome};</li>
 *   <li>{@code reflect_notifier_in_flight}: attempts waiting for an answer;</li>
 *   <li>{@code reflect_notifier_pending}: webhooks queued or waiting for a retry on this instance;</li>
 *   <li>{@code reflect_notifier_oldest_undelivered_age_seconds}: how long the longest-waiting of
 *       them has waited since it was queued (0 when none waits);</li>
 *   <li>{@code reflect_notifier_alerts_unreadable_total}: alert records that did not deserialize
 *       and were skipped.</li>
 * </ul>
 * Every series exists from the start (counters at 0), so rates and alerts have data at once.
 */
public final class DeliveryMetrics {

    private final Counter delivered;
    private final Counter givenUp;
    private final Counter noEndpoint;
    private final Counter unreadable;
    private final Map<AttemptResult.Outcome, Counter> attempts = new EnumMap<>(AttemptResult.Outcome.class);
    private final Set<Outbox> outboxes = ConcurrentHashMap.newKeySet();

    public DeliveryMetrics(MeterRegistry registry, DeliveryCapacity capacity, Clock clock) {
        delivered = deliveries(registry, "delivered");
        givenUp = deliveries(registry, "given_up");
        noEndpoint = deliveries(registry, "no_endpoint");
        for (AttemptResult.Outcome outcome : AttemptResult.Outcome.values()) {
            attempts.put(
                    outcome,
                    Counter.builder("reflect.notifier.attempts")
                            .description("Webhook delivery attempts, by result")
                            .tag("result", outcome.label())
                            .register(registry));
        }
        unreadable = Counter.builder("reflect.notifier.alerts.unreadable")
                .description("Alert records that did not deserialize and were skipped")
                .register(registry);
        Gauge.builder("reflect.notifier.in.flight", capacity, DeliveryCapacity::inFlight)
                .description("Webhook attempts waiting for an answer")
                .register(registry);
        Gauge.builder("reflect.notifier.pending", this, DeliveryMetrics::pending)
                .description("Webhooks queued or waiting for a retry on this instance")
                .register(registry);
        Gauge.builder("reflect.notifier.oldest.undelivered.age", this, metrics -> metrics.oldestAge(clock))
                .description("How long the longest-waiting undelivered webhook has waited since it was queued")
                .baseUnit("seconds")
                .register(registry);
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("reflect.notifier.deliveries")
                .description("Webhooks that ended: delivered, given up, or not sent for want of an endpoint")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void delivered() {
        delivered.increment();
    }

    public void givenUp() {
        givenUp.increment();
    }

    public void noEndpoint() {
        noEndpoint.increment();
    }

    public void unreadableAlert() {
        unreadable.increment();
    }

    public void attempted(AttemptResult result) {
        attempts.get(result.outcome()).increment();
    }

    /** A task's outbox counts in the gauges from now on ... */
    public void track(Outbox outbox) {
        outboxes.add(outbox);
    }

    /** ... until its task closes here (it may open on another instance). */
    public void untrack(Outbox outbox) {
        outboxes.remove(outbox);
    }

    double pending() {
        return outboxes.stream().mapToInt(Outbox::size).sum();
    }

    double oldestAge(Clock clock) {
        Optional<Instant> oldest = outboxes.stream()
                .map(Outbox::oldestQueuedAt)
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
        return oldest.map(at ->
                        Math.max(0, Duration.between(at, clock.instant()).toMillis()) / 1000.0)
                .orElse(0.0);
    }
}
