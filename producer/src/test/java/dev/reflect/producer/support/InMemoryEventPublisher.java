package dev.reflect.producer.support;

import dev.reflect.events.Topic;
import dev.reflect.producer.ingest.EventPublisher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.NetworkException;

/** Keeps what is published; acknowledges at once, fails, or never answers, as the test sets. */
public final class InMemoryEventPublisher implements EventPublisher {

    public enum Mode {
        ACKNOWLEDGE,
        FAIL,
        NEVER_ANSWER
    }

    public record Published(String topic, String key, Object value) {}

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACKNOWLEDGE;
    private volatile boolean closed;

    public void mode(Mode newMode) {
        this.mode = newMode;
    }

    @Override
    public <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value) {
        return switch (mode) {
            case ACKNOWLEDGE -> {
                published.add(new Published(topic.name(), key, value));
                yield CompletableFuture.completedFuture(null);
            }
            case FAIL -> CompletableFuture.failedFuture(new NetworkException("broker away"));
            case NEVER_ANSWER -> new CompletableFuture<>();
        };
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
