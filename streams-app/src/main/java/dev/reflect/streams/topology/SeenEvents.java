package dev.reflect.streams.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event ids already counted, per user, over the {@code SEEN_EVENTS} key-value store. A key is
 * 16 bytes of SHA-256 over (userId, eventId): scoping ids to their user means one user cannot
 * suppress another's events by reusing an id, and hashing keeps the key the same small size
 * whatever the userId. The value is the hour of the event's occurredAt.
 *
 * <p><b>Retention.</b> An id is remembered while its hour is within {@code retention} (rounded up
 * to whole hours) of the latest hour of any event this store counted; that latest hour is itself
 * kept in the store, under a one-byte key no digest can take, so it survives restarts and replays
 * with the ids. An expired id reads as unseen whether or not it is still on disk, so when the
 * expired entries are actually deleted ({@link #purgeSome}, on the wall clock) never changes a
 * result: reprocessing gives the same counts. Only counted events move the latest hour, never a
 * rejected record's time, so a record dated far in the future cannot expire everyone's ids.
 *
 * <p>One point lookup per event: RocksDB's Bloom filters answer the usual "never seen" without
 * reading a block, where the window store this replaces opened an iterator on every segment.
 * Not thread-safe: one per processor instance.
 */
final class SeenEvents {

    /** Where the latest counted hour is kept: a key no 16-byte digest can equal. */
    static final Bytes LATEST_HOUR_KEY = Bytes.wrap(new byte[] {0});

    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    /** Before any event: below every real hour (hours are never negative), and no overflow in {@link #isRetained}. */
    private static final long NONE = -1;

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retentionHours;
    private final MessageDigest sha256;
    private long latestHour;
    /** Where the next purge continues; null = from the start. Only in memory: after a restart it starts over. */
    private Bytes purgeFrom;

    /** {@code retention} must cover the oldest event the topology accepts. */
    SeenEvents(KeyValueStore<Bytes, byte[]> store, Duration retention) {
        this.store = store;
        this.retentionHours = (retention.toMillis() + HOUR_MILLIS - 1) / HOUR_MILLIS;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] latest = store.get(LATEST_HOUR_KEY);
        this.latestHour = latest == null ? NONE : hour(latest);
    }

    /**
     * Whether the id was counted before, at any time still retained: a retry carries the same
     * occurredAt, but the id alone is the idempotency key, so an id reused at another time is a
     * duplicate too.
     */
    boolean contains(Bytes key) {
        byte[] value = store.get(key);
        return value != null && isRetained(hour(value));
    }

    void add(Bytes key, long occurredAtMillis) {
        long hour = Math.floorDiv(occurredAtMillis, HOUR_MILLIS);
        byte[] value = encode(hour);
        store.put(key, value);
        if (hour > latestHour) {
            latestHour = hour;
            store.put(LATEST_HOUR_KEY, value);
        }
    }

    /**
     * Looks at up to {@code limit} entries, continuing where the previous call stopped and
     * starting over after the last key, and deletes those expired; returns how many it deleted.
     * Bounded so that a large store never holds the stream thread for long.
     */
    int purgeSome(int limit) {
        if (latestHour == NONE) {
            return 0;
        }
        List<Bytes> expired = new ArrayList<>();
        int looked = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = store.range(purgeFrom, null)) {
            while (looked < limit && entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                looked++;
                if (!entry.key.equals(LATEST_HOUR_KEY) && !isRetained(hour(entry.value))) {
                    expired.add(entry.key);
                }
            }
            purgeFrom = entries.hasNext() ? entries.peekNextKey() : null;
        }
        // Deleted after the iterator is closed: each delete also writes a tombstone to the changelog.
        for (Bytes key : expired) {
            store.delete(key);
        }
        return expired.size();
    }

    /** Forgets one id: its writer was erased. */
    void forget(Bytes key) {
        store.delete(key);
    }

    /** Whether an event that happened at {@code occurredAtMillis} is still within the retention. */
    boolean retains(long occurredAtMillis) {
        return latestHour == NONE || isRetained(Math.floorDiv(occurredAtMillis, HOUR_MILLIS));
    }

    Bytes key(String userId, UUID eventId) {
        sha256.reset();
        sha256.update(userId.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(ByteBuffer.allocate(16)
                .putLong(eventId.getMostSignificantBits())
                .putLong(eventId.getLeastSignificantBits())
                .array());
        return Bytes.wrap(Arrays.copyOf(sha256.digest(), 16));
    }

    private boolean isRetained(long hour) {
        return hour >= latestHour - retentionHours;
    }

    private static byte[] encode(long hour) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(Math.toIntExact(hour)).array();
    }

    private static long hour(byte[] value) {
        return ByteBuffer.wrap(value).getInt();
    }
}
