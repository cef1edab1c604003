package dev.reflect.streams.state;

import dev.reflect.events.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The layout of the {@link StateStores#CASELOADS} store: every clinician's caseload, one row per
 * person who shares with them, so a caseload is one prefix scan of the clinician's id however
 * many people the store holds.
 *
 * <p>Key: the clinicianId's UTF-8 length as a varint, the clinicianId, then the person's userId
 * (UTF-8). Value: the {@link CaseloadEntry} as JSON.
 */
public final class Caseloads {

    private static final Serializer<CaseloadEntry> WRITER = new JsonSerde<>(CaseloadEntry.class).serializer();
    private static final Deserializer<CaseloadEntry> READER = new JsonSerde<>(CaseloadEntry.class).deserializer();

    private Caseloads() {}

    public static Bytes key(String clinicianId, String userId) {
        byte[] prefix = KeyPrefix.of(clinicianId);
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(prefix, prefix.length + user.length);
        System.arraycopy(user, 0, key, prefix.length, user.length);
        return Bytes.wrap(key);
    }

    public static Bytes prefix(String clinicianId) {
        return Bytes.wrap(KeyPrefix.of(clinicianId));
    }

    public static byte[] value(CaseloadEntry entry) {
        return WRITER.serialize(StateStores.CASELOADS, entry);
    }

    public static CaseloadEntry entry(byte[] value) {
        return READER.deserialize(StateStores.CASELOADS, value);
    }

    /** The clinician's caseload in {@code store}, in userId order. */
    public static List<CaseloadEntry> of(ReadOnlyKeyValueStore<Bytes, byte[]> store, String clinicianId) {
        List<CaseloadEntry> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> scan =
                store.prefixScan(prefix(clinicianId), Serdes.Bytes().serializer())) {
            while (scan.hasNext()) {
                KeyValue<Bytes, byte[]> next = scan.next();
                entries.add(entry(next.value));
            }
        }
        return entries;
    }
}
