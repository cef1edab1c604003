package dev.reflect.system.support;

import dev.reflect.events.Topic;
import dev.reflect.producer.ingest.EventPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Acknowledges every write at once and counts them: the ingest service's HTTP side without Kafka. */
public final class AcceptingPublisher implements EventPublisher {

    private final AtomicInteger published = new AtomicInteger();

    @Override
    public <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value) {
        published.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    public int published() {
        return published.get();
    }
}
