package dev.reflect.streams.topology;

import dev.reflect.streams.rights.ErasureStep;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pattern track's share of an erasure: the person's state (figures, escalation history),
 * their pending announcements, every entry they wrote and the ids of those events (the dedup
 * store's keys are digests of userId and eventId, found through the entries).
 */
final class PatternStateErasure implements ErasureStep {

    private final Duration seenRetention;

    PatternStateErasure(TopologySettings settings) {
        this.seenRetention = settings.seenEventsRetention();
    }

    @Override
    public List<String> stores() {
        return List.of(
                StateStores.USER_STATE, StateStores.PENDING_ALERTS, StateStores.USER_ENTRIES, StateStores.SEEN_EVENTS);
    }

    @Override
    public void erase(String userId, ProcessingContext context) {
        KeyValueStore<String, UserState> users = context.getStateStore(StateStores.USER_STATE);
        KeyValueStore<String, Long> pending = context.getStateStore(StateStores.PENDING_ALERTS);
        KeyValueStore<Bytes, byte[]> entries = context.getStateStore(StateStores.USER_ENTRIES);
        SeenEvents seen = new SeenEvents(context.getStateStore(StateStores.SEEN_EVENTS), seenRetention);
        // Collected first, deleted after: the scan's iterator is closed before the tombstones are written.
        List<UserEntries.Entry> written = UserEntries.of(entries, userId);
        for (UserEntries.Entry entry : written) {
            seen.forget(seen.key(userId, entry.eventId()));
            entries.delete(UserEntries.key(userId, entry.eventId()));
        }
        pending.delete(userId);
        users.delete(userId);
    }
}
