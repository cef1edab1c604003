package dev.reflect.streams.query;

import dev.reflect.streams.state.UserState;
import java.util.Objects;

/** The outcome of reading this instance's own copy of a user's state. */
public sealed interface LocalRead {

    /** The copy holds the user. */
    record Found(UserState state) implements LocalRead {
        public Found {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The copy is queryable and does not hold the user. */
    record Absent() implements LocalRead {}

    /** No queryable copy here right now: restoring, migrated in a rebalance, or shutting down. */
    record Unavailable() implements LocalRead {}

    static LocalRead of(UserState state) {
        return state == null || state.isEmpty() ? new Absent() : new Found(state);
    }
}
