package dev.reflect.streams.state;

import dev.reflect.events.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

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
     * A key-value store of a digest of (userId, eventId) to the hour of the event's occurredAt,
     * plus the latest hour counted; ids expire once they fall out of the retention behind that
     * hour (90 days plus a margin: as long as an event can still arrive), and a punctuator deletes
     * them. Internal to the topology; not for queries.
     *
     * <p>It replaced a window store named {@code reflect-seen-events}, which looked an id up by
     * opening an iterator on every segment; the new name gives the new layout its own changelog
     * (nothing was deployed with the old one).
     */
    public static final String SEEN_EVENTS = "reflect-seen-event-ids";

    /**
     * The people whose level history changed since their last alerts, with the receivedAt time by
     * which their input will have settled (see {@code PendingAnnouncements}). Small (only people
     * changed within the last seconds), so kept in memory and restored from its changelog.
     * Internal to the topology; not for queries.
     */
    public static final String PENDING_ALERTS = "reflect-pending-alerts";

    /**
     * Every check-in and journal entry of each person, for reading back ({@code GET /v1/me/entries}),
     * keyed by person and event id, valued with the record as stored; see {@link UserEntries}.
     * Entries expire with the event ids of {@link #SEEN_EVENTS}: once no event that old can arrive.
     */
    public static final String USER_ENTRIES = "reflect-user-entries";

    /**
     * Per-person {@link SharingState}, key = userId: whom they share with (contract section 8).
     * Written by the same task as {@link #USER_STATE}, so an answer is authorized against the very
     * copy it is computed from.
     */
    public static final String SHARING = "reflect-sharing";

    /**
     * Every clinician's caseload, key = clinicianId + userId (see {@link Caseloads}), written from
     * the people's tasks through a repartition topic keyed by clinicianId. Query it by prefix.
     */
    public static final String CASELOADS = "reflect-caseloads";

    /** Per-person {@link AccessLog}, key = userId: who read their data, from {@code reflect.audit.v1}. */
    public static final String ACCESS_LOG = "reflect-access-log";

    private StateStores() {}

    public static StoreBuilder<KeyValueStore<String, SharingState>> sharing() {
        // Read on every event of a person who shares (to update their caseload rows): cached.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SHARING), Serdes.String(), new JsonSerde<>(SharingState.class))
                .withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> caseloads() {
        // A row is rewritten on every event of its person: the cache folds those within a commit.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CASELOADS), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<String, AccessLog>> accessLog() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ACCESS_LOG), Serdes.String(), new JsonSerde<>(AccessLog.class))
                .withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<String, UserState>> userState() {
        // Caching absorbs several events of one user within a commit interval into one write.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(USER_STATE), Serdes.String(), new UserStateSerde())
                .withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<String, Long>> pendingAlerts() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_ALERTS), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> userEntries() {
        // Written once per event, read only when a person reads their entries back: no cache.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(USER_ENTRIES), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
    }

    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> seenEvents() {
        // No caching: every key is written once and read at most a few times (retries), so a
        // cache would only add a second copy on the way to RocksDB.
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SEEN_EVENTS), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
    }
}
