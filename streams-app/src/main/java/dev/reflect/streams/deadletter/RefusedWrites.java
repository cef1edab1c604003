package dev.reflect.streams.deadletter;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * What Kafka refused to take from the app: the last refusal (topic, cause, when), for the
 * readiness check to say why a task is stuck, and a hook that counts each one
 * ({@code reflect_output_refused_total{topic,cause}}). Names and classes only, never a record's
 * content. Thread-safe: the producer's I/O thread reports, the health check reads.
 */
public final class RefusedWrites {

    /** One refusal: the topic, the exception's simple class name, and when. */
    public record Refusal(String topic, String cause, Instant at) {}

    private final AtomicReference<Refusal> last = new AtomicReference<>();
    private volatile BiConsumer<String, String> counter = (topic, cause) -> {};

    /** Where each refusal is counted (topic, cause). */
    public void countWith(BiConsumer<String, String> counter) {
        this.counter = counter;
    }

    void refused(String topic, Throwable cause) {
        String name = cause.getClass().getSimpleName();
        last.set(new Refusal(topic, name, Instant.now()));
        try {
            counter.accept(topic, name);
        } catch (RuntimeException e) {
            // Counting must never fail the producer's callback.
        }
    }

    public Optional<Refusal> last() {
        return Optional.ofNullable(last.get());
    }
}
