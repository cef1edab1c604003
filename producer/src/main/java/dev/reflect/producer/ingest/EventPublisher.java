package dev.reflect.producer.ingest;

import dev.reflect.events.Topic;
import java.util.concurrent.CompletableFuture;

/**
 * Writes records durably. {@link #publish} returns at once; the future completes when the write
 * is acknowledged (for Kafka: {@code acks=all} by the in-sync replicas) and fails when it cannot
 * be. A caller that stops waiting completes the future exceptionally itself, which tells the
 * publisher not to bother sending the record if it has not yet.
 */
public interface EventPublisher extends AutoCloseable {

    <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value);

    @Override
    default void close() {
    }
}
