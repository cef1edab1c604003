package dev.reflect.streams.rights;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The stores of erasure: who was erased (by pseudonym, never userId) and which erasures are under way. */
public final class RightsStores {

    /**
     * The erasures this task has done: pseudonym to erasure time. Covers the moment between an
     * erasure and its proof reaching the ledger; changelogged.
     */
    public static final String ERASED_PEOPLE = "reflect-erased-people";

    /**
     * Erasures done but not yet proven: userId to erasure time, held for a few seconds until the
     * second sweep of the person's keys; changelogged, so one interrupted by a crash completes
     * after the restart. The only store of the rights track that holds a userId, and only then.
     */
    public static final String ERASURES_IN_PROGRESS = "reflect-erasures-in-progress";

    private RightsStores() {}

    public static StoreBuilder<KeyValueStore<String, Long>> erasedPeople() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ERASED_PEOPLE), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    public static StoreBuilder<KeyValueStore<String, Long>> inProgress() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ERASURES_IN_PROGRESS), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }
}
