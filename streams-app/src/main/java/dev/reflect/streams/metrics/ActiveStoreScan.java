package dev.reflect.streams.metrics;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every person in one key-value store (key = userId) across this instance's active tasks, through
 * interactive queries. Standby copies are left out on purpose: each person is then counted by
 * exactly one instance, and the population is the sum over instances.
 */
final class ActiveStoreScan<V> {

    private final KafkaStreams streams;
    private final String store;

    ActiveStoreScan(KafkaStreams streams, String store) {
        this.streams = streams;
        this.store = store;
    }

    /**
     * Visits every key with a value, or returns false when the store cannot be read right now (not
     * started, rebalancing, restoring, closing); then the scan may have visited some keys already,
     * and its result must be discarded.
     */
    boolean forEach(BiConsumer<String, V> visitor) {
        try {
            ReadOnlyKeyValueStore<String, V> values = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
            try (KeyValueIterator<String, V> all = values.all()) {
                while (all.hasNext()) {
                    KeyValue<String, V> entry = all.next();
                    if (entry.value != null) {
                        visitor.accept(entry.key, entry.value);
                    }
                }
            }
            return true;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // Not running, or a partition migrated or started restoring during the scan.
            return false;
        }
    }
}
