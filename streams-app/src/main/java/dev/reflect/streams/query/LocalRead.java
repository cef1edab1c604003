package dev.reflect.streams.query;

import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The outcome of reading this instance's own copy of a user's state. */
public sealed interface LocalRead {

    /**
     * The copy holds the user: their state, or (a person who only answered questionnaires so far)
     * an empty state and their measures.
     *
     * @param entries  reads the user's entries from the same copy, when a query needs them
     * @param measures reads the user's measures from the same copy, when a query needs them
     */
    record Found(UserState state, Supplier<List<UserEntries.Entry>> entries, Supplier<MeasureState> measures)
            implements LocalRead {
        public Found {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(entries, "entries");
            Objects.requireNonNull(measures, "measures");
        }

        public Found(UserState state, Supplier<List<UserEntries.Entry>> entries) {
            this(state, entries, MeasureState::empty);
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

    /**
     * A user is there when they have a state or measures; {@code measures} is read at once only
     * when there is no state.
     */
    static LocalRead of(UserState state, Supplier<List<UserEntries.Entry>> entries, Supplier<MeasureState> measures) {
        if (state != null && !state.isEmpty()) {
            return new Found(state, entries, measures);
        }
        MeasureState only = measures.get();
        return only == null || only.isEmpty() ? new Absent() : new Found(UserState.empty(), entries, () -> only);
    }
}
