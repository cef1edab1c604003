package dev.reflect.streams.state;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The layout of the {@link StateStores#USER_ENTRIES} store: every event a person wrote, as stored
 * on its input topic, for reading back (contract section 9).
 *
 * <p>Key: the userId's UTF-8 length as a varint, the userId, then the event id's 16 bytes. Every
 * key of one person shares the prefix of their userId ({@link #prefix}), so their entries are one
 * prefix scan, and the length in front keeps one userId from being the prefix of another's.
 * Value: the kind of entry (1 byte, {@link Kind}), the event's occurredAt in epoch milliseconds
 * (8 bytes, big-endian), its local day as an epoch day (4 bytes), then the stored record's bytes
 * exactly as they were on the topic.
 */
public final class UserEntries {

    private static final int EVENT_ID_BYTES = 16;
    private static final int HEADER_BYTES = 1 + Long.BYTES + Integer.BYTES;

    /** What an entry is; the wire names are the entries API's {@code type}. Append, never reorder. */
    public enum Kind {
        CHECK_IN("checkin"),
        JOURNAL("journal");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** One entry: what it is, when it happened (instant and local day), its id, and the stored record. */
    public record Entry(Kind kind, long occurredAtMillis, LocalDate localDay, UUID eventId, byte[] stored) {

        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(localDay, "localDay");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(stored, "stored");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry other
                    && kind == other.kind
                    && occurredAtMillis == other.occurredAtMillis
                    && localDay.equals(other.localDay)
                    && eventId.equals(other.eventId)
                    && Arrays.equals(stored, other.stored);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, occurredAtMillis, localDay, eventId, Arrays.hashCode(stored));
        }

        @Override
        public String toString() {
            return "Entry[" + kind + ", occurredAt=" + occurredAtMillis + ", eventId=" + eventId + ", " + stored.length
                    + " bytes]";
        }
    }

    private UserEntries() {}

    /** The key of one person's entry. */
    public static Bytes key(String userId, UUID eventId) {
        byte[] prefix = prefixBytes(userId);
        ByteBuffer key = ByteBuffer.allocate(prefix.length + EVENT_ID_BYTES);
        key.put(prefix).putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits());
        return Bytes.wrap(key.array());
    }

    /** What every key of the person starts with. */
    public static Bytes prefix(String userId) {
        return Bytes.wrap(prefixBytes(userId));
    }

    public static byte[] value(Kind kind, long occurredAtMillis, LocalDate localDay, byte[] stored) {
        return ByteBuffer.allocate(HEADER_BYTES + stored.length)
                .put((byte) kind.ordinal())
                .putLong(occurredAtMillis)
                .putInt(Math.toIntExact(localDay.toEpochDay()))
                .put(stored)
                .array();
    }

    /** When the entry stored under {@code value} happened. */
    public static long occurredAtMillis(byte[] value) {
        return ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
    }

    public static Entry entry(Bytes key, byte[] value) {
        ByteBuffer id = ByteBuffer.wrap(key.get(), key.get().length - EVENT_ID_BYTES, EVENT_ID_BYTES);
        ByteBuffer header = ByteBuffer.wrap(value, 0, HEADER_BYTES);
        Kind kind = KINDS[header.get()];
        long occurredAt = header.getLong();
        LocalDate localDay = LocalDate.ofEpochDay(header.getInt());
        return new Entry(
                kind,
                occurredAt,
                localDay,
                new UUID(id.getLong(), id.getLong()),
                Arrays.copyOfRange(value, HEADER_BYTES, value.length));
    }

    private static final Kind[] KINDS = Kind.values();

    /** Every entry of the person in {@code store}, in key order (event id), not time order. */
    public static List<Entry> of(ReadOnlyKeyValueStore<Bytes, byte[]> store, String userId) {
        List<Entry> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> scan =
                store.prefixScan(prefix(userId), Serdes.Bytes().serializer())) {
            while (scan.hasNext()) {
                KeyValue<Bytes, byte[]> next = scan.next();
                entries.add(entry(next.key, next.value));
            }
        }
        return entries;
    }

    private static byte[] prefixBytes(String userId) {
        return KeyPrefix.of(userId);
    }
}
