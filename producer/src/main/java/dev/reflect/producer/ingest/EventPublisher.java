package dev.reflect.producer.ingest;

import dev.reflect.events.Topic;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes records durably. {@link #publish} returns at once; the future completes when the write
 * is acknowledged (for Kafka: {@code acks=all} by the in-sync replicas) and fails when it cannot
 * be. A caller that stops waiting completes the future exceptionally itself, which tells the
 * publisher not to bother sending the record if it has not yet.
 */
public interface EventPublisher extends AutoCloseable {

    <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value);

    /**
     * Writes {@code values} in order, all under one key, as one {@link Publication}. The default
     * publishes them one by one; a publisher that can hand a group off at once should override it.
     */
    // The two whenComplete stages only pass outcomes between the write and the publication, which
    // report them; the futures they return carry nothing more.
    @SuppressWarnings("FutureReturnValueIgnored")
    default <V> Publication publishAll(Topic<String, V> topic, String key, List<V> values) {
        Publication publication = new Publication(values.size());
        for (V value : values) {
            CompletableFuture<Void> write = publish(topic, key, value);
            write.whenComplete((ignored, failure) -> publication.settled(failure));
            publication.completion().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    write.completeExceptionally(failure);
                }
            });
        }
        return publication;
    }

    @Override
    default void close() {}
}
