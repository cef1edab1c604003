package dev.reflect.streams.measures;

import dev.reflect.events.Instrument;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The measure track's state stores, apart from the per-person state of the behaviour ladder: names
 * shared by the topology and the query API, builders, and the ways other parts of the app read and
 * erase a person's measures.
 */
public final class MeasureStores {

    /**
     * Per-person {@link MeasureState}, key = userId; persistent and changelogged. It lives in the
     * same tasks as {@code reflect-user-state} (the topology joins the two tracks' alerts), so a
     * person's measures are on the instance that holds the rest of their state.
     */
    public static final String MEASURES = "reflect-user-measures";

    /**
     * The people whose scores changed since their measure alerts were last announced, with the
     * receivedAt time by which their input will have settled; like {@code reflect-pending-alerts}
     * for the behaviour ladder. Internal to the topology.
     */
    public static final String PENDING_ALERTS = "reflect-pending-measure-alerts";

    private MeasureStores() {}

    public static StoreBuilder<KeyValueStore<String, MeasureState>> measures() {
        // A person answers every week or two: a cache would hold little worth absorbing.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MEASURES), Serdes.String(), new MeasureStateSerde())
                .withCachingDisabled();
    }

    public static StoreBuilder<KeyValueStore<String, Long>> pendingAlerts() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_ALERTS), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    /**
     * A person's latest score, band, first score and change per instrument (empty when they never
     * answered), from a copy of {@link #MEASURES}: what a caseload or progress answer carries.
     */
    public static Map<Instrument, MeasureSummary> summaries(
            ReadOnlyKeyValueStore<String, MeasureState> store, String userId) {
        MeasureState state = store.get(userId);
        return state == null ? Map.of() : state.summaries();
    }

    /**
     * Erases a person's measures from {@link #MEASURES}: a delete, so the changelog gets a
     * tombstone for the key. For a processor of the topology that owns the store (the erasure of
     * contract section 9). A pending announcement for the person then finds nothing and sends
     * nothing. The answers remain on {@code reflect.measures.v1} until its retention removes them.
     */
    public static void erase(KeyValueStore<String, MeasureState> store, String userId) {
        store.delete(userId);
    }
}
