package dev.reflect.notifier.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's undelivered webhooks: the durable outbox is a Kafka Streams store (backed by its
 * changelog, so it outlives a crash and moves with the task), and this keeps beside it, in memory,
 * the order in which they fall due and in which they were queued, rebuilt from the store when the
 * task starts. Used by the stream thread only; {@link #size()} and {@link #oldestQueuedAt()} may be
 * read from any thread (the metrics).
 */
public final class Outbox {

    private record Key(long millis, String webhookId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byTime = Long.compare(millis, other.millis);
            return byTime != 0 ? byTime : webhookId.compareTo(other.webhookId);
        }
    }

    private record Times(Key due, Key queued) {}

    private final KeyValueStore<String, PendingDelivery> store;
    private final Map<String, Times> times = new HashMap<>();
    private final NavigableSet<Key> schedule = new TreeSet<>();
    private final NavigableSet<Key> queued = new TreeSet<>();
    private volatile int size;
    private volatile Instant oldestQueuedAt;

    public Outbox(KeyValueStore<String, PendingDelivery> store) {
        this.store = store;
        try (KeyValueIterator<String, PendingDelivery> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingDelivery> entry = all.next();
                index(entry.value);
            }
        }
        published();
    }

    public Optional<PendingDelivery> get(String webhookId) {
        return times.containsKey(webhookId) ? Optional.ofNullable(store.get(webhookId)) : Optional.empty();
    }

    public boolean contains(String webhookId) {
        return times.containsKey(webhookId);
    }

    /** Adds {@code delivery}, or replaces the one with its webhookId. */
    public void put(PendingDelivery delivery) {
        unindex(delivery.webhookId());
        store.put(delivery.webhookId(), delivery);
        index(delivery);
        published();
    }

    public void remove(String webhookId) {
        if (unindex(webhookId)) {
            store.delete(webhookId);
            published();
        }
    }

    /** The webhookIds due at {@code now}, the longest due first. */
    public List<String> due(Instant now) {
        List<String> due = new ArrayList<>();
        for (Key key : schedule.headSet(new Key(now.toEpochMilli(), "\uffff"), true)) {
            due.add(key.webhookId());
        }
        return due;
    }

    /** Undelivered webhooks. */
    public int size() {
        return size;
    }

    /** When the longest-waiting undelivered webhook was queued; empty when there is none. */
    public Optional<Instant> oldestQueuedAt() {
        return Optional.ofNullable(oldestQueuedAt);
    }

    private void index(PendingDelivery delivery) {
        Times entry = new Times(
                new Key(delivery.notBefore().toEpochMilli(), delivery.webhookId()),
                new Key(delivery.queuedAt().toEpochMilli(), delivery.webhookId()));
        times.put(delivery.webhookId(), entry);
        schedule.add(entry.due());
        queued.add(entry.queued());
    }

    private boolean unindex(String webhookId) {
        Times entry = times.remove(webhookId);
        if (entry == null) {
            return false;
        }
        schedule.remove(entry.due());
        queued.remove(entry.queued());
        return true;
    }

    private void published() {
        size = times.size();
        oldestQueuedAt =
                queued.isEmpty() ? null : Instant.ofEpochMilli(queued.first().millis());
    }
}
