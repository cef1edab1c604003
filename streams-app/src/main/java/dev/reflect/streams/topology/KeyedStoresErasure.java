package dev.reflect.streams.topology;

import dev.reflect.streams.rights.ErasureStep;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The share of an erasure of stores keyed by the person's userId alone, one value per person:
 * the sharing grants ({@code reflect-sharing}), the measures and their pending alerts. Deleting
 * the key writes the changelog's tombstone.
 */
final class KeyedStoresErasure implements ErasureStep {

    private final List<String> stores;

    KeyedStoresErasure(String... stores) {
        this.stores = List.of(stores);
    }

    @Override
    public List<String> stores() {
        return stores;
    }

    @Override
    public void erase(String userId, ProcessingContext context) {
        for (String store : stores) {
            KeyValueStore<String, ?> values = context.getStateStore(store);
            values.delete(userId);
        }
    }
}
