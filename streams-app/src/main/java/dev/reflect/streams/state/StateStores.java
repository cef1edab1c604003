package dev.reflect.streams.state;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The streams app's state stores: names shared by the topology and the query API, and their
 * builders. Both are persistent (RocksDB) and backed by a changelog topic, so they survive a
 * crash and can be kept warm on standby replicas.
 */
public final class StateStores {

    /** Per-user {@link UserState}, key = userId. Query it as a key-value store of String to UserState. */
    public static final String USER_STATE = "reflect-user-state";

    /**
     * The event ids already counted, so a client retry is counted once, also across restarts.
     * A window store keyed by a digest of (userId, eventId) at the event's occurredAt: its
     * segments expire, so it keeps only as long as an event can still arrive (90 days plus a
     * margin), not forever. Internal to the topology; not for queries.
     */
    public static final String SEEN_EVENTS = "reflect-seen-events";

    private StateStores() {
    }

    public static StoreBuilder<KeyValueStore<String, UserState>> userState() {
        // Caching absorbs several events of one user within a commit interval into one write.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_STATE), Serdes.String(),
                        new UserStateSerde())
                .withCachingEnabled();
    }

    /** {@code retention} must cover the oldest event the topology accepts. */
    public static StoreBuilder<WindowStore<Bytes, byte[]>> seenEvents(Duration retention) {
        // No caching: every key is written once and read at most a few times (retries), so a
        // cache would only add a second copy on the way to RocksDB.
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(SEEN_EVENTS, retention, Duration.ofMillis(1), false),
                        Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
    }
}
