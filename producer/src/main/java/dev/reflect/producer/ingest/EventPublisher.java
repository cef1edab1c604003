package dev.reflect.producer.ingest;

import dev.reflect.events.Topic;
import java.util.concurrent.CompletableFuture;

/**
 * Writes records durably. The future completes when the write is acknowledged (for Kafka:
 * {@code acks=all} by the in-sync replicas) and fails when it cannot be. {@link #publish} may
 * block briefly (Kafka's {@code send} waits for topic metadata or buffer space, bounded by
 * {@code max.block.ms}); callers bound the whole write themselves.
 */
public interface EventPublisher extends AutoCloseable {

    <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value);

    @Override
    default void close() {
    }
}
