package dev.reflect.streams.query;

import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The outcome of reading this instance's own copy of a user's state. */
public sealed interface LocalRead {

    /**
     * The copy holds the user.
     *
     * @param entries reads the user's entries from the same copy, when a query needs them
     */
    record Found(UserState state, Supplier<List<UserEntries.Entry>> entries) implements LocalRead {
        public Found {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(entries, "entries");
        }
    }

    /** The copy is queryable and does not hold the user. */
    record Absent() implements LocalRead {}

    /** No queryable copy here right now: restoring, migrated in a rebalance, or shutting down. */
    record Unavailable() implements LocalRead {}

    static LocalRead of(UserState state) {
        return of(state, List::of);
    }

    static LocalRead of(UserState state, Supplier<List<UserEntries.Entry>> entries) {
        return state == null || state.isEmpty() ? new Absent() : new Found(state, entries);
    }
}
