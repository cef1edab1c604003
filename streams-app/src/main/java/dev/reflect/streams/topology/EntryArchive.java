package dev.reflect.streams.topology;

import dev.reflect.events.CheckIn;
import dev.reflect.events.ReflectEvent;
import dev.reflect.streams.state.UserEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each counted event to the people's entries ({@link UserEntries}) and deletes, a slice at
 * a time, the entries no longer kept. Not thread-safe: one per processor instance.
 */
final class EntryArchive {

    private final KeyValueStore<Bytes, byte[]> store;
    /** Where the next purge continues; null = from the start. Only in memory: after a restart it starts over. */
    private Bytes purgeFrom;

    EntryArchive(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void add(InputEvent input) {
        ReflectEvent event = input.event();
        UserEntries.Kind kind = event instanceof CheckIn ? UserEntries.Kind.CHECK_IN : UserEntries.Kind.JOURNAL;
        store.put(
                UserEntries.key(event.userId(), event.eventId()),
                UserEntries.value(
                        kind, event.occurredAt().toInstant().toEpochMilli(), event.localDay(), input.stored()));
    }

    /**
     * Looks at up to {@code limit} entries, continuing where the previous call stopped, and deletes
     * those whose occurredAt {@code kept} refuses; returns how many it deleted.
     */
    int purgeSome(int limit, LongPredicate kept) {
        List<Bytes> expired = new ArrayList<>();
        int looked = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = store.range(purgeFrom, null)) {
            while (looked < limit && entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                looked++;
                if (!kept.test(UserEntries.occurredAtMillis(entry.value))) {
                    expired.add(entry.key);
                }
            }
            purgeFrom = entries.hasNext() ? entries.peekNextKey() : null;
        }
        // Deleted after the iterator is closed: each delete also writes a tombstone to the changelog.
        expired.forEach(store::delete);
        return expired.size();
    }
}
