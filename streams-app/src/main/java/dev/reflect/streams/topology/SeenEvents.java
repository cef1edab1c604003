package dev.reflect.streams.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The event ids already counted, per user, over the {@code SEEN_EVENTS} window store. Each entry
 * is 16 bytes of SHA-256 over (userId, eventId) at the event's occurredAt: scoping ids to their
 * user means one user cannot suppress another's events by reusing an id, and hashing keeps
 * the key the same small size whatever the userId. Not thread-safe: one per processor instance.
 */
final class SeenEvents {

    private static final byte[] PRESENT = {1};

    private final WindowStore<Bytes, byte[]> store;
    private final MessageDigest sha256;

    SeenEvents(WindowStore<Bytes, byte[]> store) {
        this.store = store;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Whether the id was counted before, at any time the store still holds: a retry carries the
     * same occurredAt, but the id alone is the idempotency key, so search the whole retention.
     */
    boolean contains(Bytes key) {
        try (WindowStoreIterator<byte[]> found = store.fetch(key, 0L, Long.MAX_VALUE)) {
            return found.hasNext();
        }
    }

    void add(Bytes key, long occurredAtMillis) {
        store.put(key, PRESENT, occurredAtMillis);
    }

    Bytes key(String userId, UUID eventId) {
        sha256.reset();
        sha256.update(userId.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(ByteBuffer.allocate(16).putLong(eventId.getMostSignificantBits())
                .putLong(eventId.getLeastSignificantBits()).array());
        return Bytes.wrap(Arrays.copyOf(sha256.digest(), 16));
    }
}
