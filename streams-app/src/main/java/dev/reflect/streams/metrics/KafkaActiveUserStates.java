package dev.reflect.streams.metrics;

import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link ActiveUserStates} over interactive queries of {@link StateStores#USER_STATE}: every local
 * partition, active copies only. Standby copies are left out on purpose: each user is then
 * counted by exactly one instance, and the population is the sum over instances.
 */
final class KafkaActiveUserStates implements ActiveUserStates {

    private final KafkaStreams streams;

    KafkaActiveUserStates(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public boolean forEach(BiConsumer<String, UserState> visitor) {
        try {
            ReadOnlyKeyValueStore<String, UserState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StateStores.USER_STATE, QueryableStoreTypes.<String, UserState>keyValueStore()));
            try (KeyValueIterator<String, UserState> users = store.all()) {
                while (users.hasNext()) {
                    KeyValue<String, UserState> user = users.next();
                    if (user.value != null && !user.value.isEmpty()) {
                        visitor.accept(user.key, user.value);
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
