package dev.reflect.streams.topology;

import dev.reflect.events.EventRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The people of one task whose level history changed since their last alerts, and when their
 * input will have settled enough to announce it (see {@link TopologySettings#alertSettle()}).
 *
 * <p>Time here is the input's own: the task's <em>received clock</em> is the latest
 * {@code receivedAt} it has processed (held to at most the input's future skew past the wall
 * clock, so one record stamped years ahead cannot announce everyone at once). A person is due
 * once that clock has passed their latest change's {@code receivedAt} by the settle time; so a
 * reprocessing run, which sees the same records in the same order, announces at the same points.
 * When the task has processed nothing for the settle time of wall-clock time, there is no more
 * input to wait for, and everyone pending is due.
 *
 * <p>The pending people and their deadlines live in a logged store, so a crash or a move to
 * another instance loses none; this class keeps them sorted by deadline in memory, rebuilt from
 * the store on {@link #PendingAnnouncements creation}. Not thread-safe: one per processor.
 */
final class PendingAnnouncements {

    /** A person to announce, and the receivedAt of the event that last changed their history. */
    record Settled(String userId, long changedAt) {}

    private record Due(long deadline, String userId) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : userId.compareTo(other.userId);
        }
    }

    private static final long MAX_AHEAD_MILLIS = EventRules.MAX_FUTURE_SKEW.toMillis();

    private final KeyValueStore<String, Long> store;
    private final long settleMillis;
    private final TreeSet<Due> byDeadline = new TreeSet<>();
    private final Map<String, Long> deadlines = new HashMap<>();
    private long receivedClock = Long.MIN_VALUE;
    private long lastActivity;

    PendingAnnouncements(KeyValueStore<String, Long> store, Duration settle, long wallClockNow) {
        this.store = store;
        this.settleMillis = settle.toMillis();
        this.lastActivity = wallClockNow;
        try (KeyValueIterator<String, Long> pending = store.all()) {
            while (pending.hasNext()) {
                KeyValue<String, Long> entry = pending.next();
                index(entry.key, entry.value);
            }
        }
    }

    /** A record was processed: advances the received clock to its receivedAt. */
    void processed(long receivedAt, long wallClockNow) {
        lastActivity = wallClockNow;
        long held = Math.min(receivedAt, wallClockNow + MAX_AHEAD_MILLIS);
        if (held > receivedClock) {
            receivedClock = held;
        }
    }

    /** {@code userId}'s history changed by an event received at {@code receivedAt}: wait for it to settle. */
    void changed(String userId, long receivedAt, long wallClockNow) {
        long deadline = Math.min(receivedAt, wallClockNow + MAX_AHEAD_MILLIS) + settleMillis;
        Long current = deadlines.get(userId);
        if (current != null && current >= deadline) {
            return;
        }
        if (current != null) {
            byDeadline.remove(new Due(current, userId));
        }
        index(userId, deadline);
        store.put(userId, deadline);
    }

    /** The people whose input has settled by the received clock; they are no longer pending. */
    List<Settled> dueByInput() {
        List<Settled> due = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.first().deadline() <= receivedClock) {
            due.add(remove(byDeadline.first()));
        }
        return due;
    }

    /** Everyone pending, once the task has been idle for the settle time; otherwise nobody. */
    List<Settled> dueByIdleness(long wallClockNow) {
        List<Settled> due = new ArrayList<>();
        if (wallClockNow - lastActivity >= settleMillis) {
            while (!byDeadline.isEmpty()) {
                due.add(remove(byDeadline.first()));
            }
        }
        return due;
    }

    private void index(String userId, long deadline) {
        deadlines.put(userId, deadline);
        byDeadline.add(new Due(deadline, userId));
    }

    private Settled remove(Due due) {
        byDeadline.remove(due);
        deadlines.remove(due.userId());
        store.delete(due.userId());
        return new Settled(due.userId(), due.deadline() - settleMillis);
    }
}
