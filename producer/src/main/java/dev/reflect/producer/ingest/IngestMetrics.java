package dev.reflect.producer.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reflect_ingest_events_total{type,outcome}} (contract section 7), counted per event: a
 * batch of 500 counts 500. {@code accepted}: acknowledged by Kafka; {@code rejected}: failed
 * validation; {@code failed}: valid, but not acknowledged in time (the client got 503). Requests
 * refused before their body is read (401, 413, 415, 429) are not events; they show in
 * {@code http_server_requests_seconds} by status. Every series exists from startup at 0, so
 * alert rules on rates see a value before the first failure.
 */
public final class IngestMetrics {

    public static final String NAME = "reflect.ingest.events";

    public enum Type {
        CHECKIN,
        JOURNAL,
        /** A grant or revocation of sharing with a clinician. */
        SHARING,
        MEASURE
    }

    public enum Outcome {
        ACCEPTED,
        REJECTED,
        FAILED
    }

    private final Map<Type, Map<Outcome, Counter>> counters = new EnumMap<>(Type.class);

    public IngestMetrics(MeterRegistry registry) {
        for (Type type : Type.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(
                        outcome,
                        Counter.builder(NAME)
                                .description("Events submitted to the ingest service, by type and outcome")
                                .tag("type", type.name().toLowerCase(Locale.ROOT))
                                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                                .register(registry));
            }
            counters.put(type, byOutcome);
        }
    }

    public void count(Type type, Outcome outcome, int events) {
        if (events > 0) {
            counters.get(type).get(outcome).increment(events);
        }
    }
}
