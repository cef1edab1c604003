package dev.reflect.streams.metrics;

import dev.reflect.streams.state.UserState;
import java.util.function.BiConsumer;

/** The users this instance's active tasks hold, for a full scan. */
interface ActiveUserStates {

    /**
     * Visits every user of every active task of this instance, or returns false when the stores
     * cannot be read right now (not started, rebalancing, restoring, closing). A scan that returns
     * false may have visited some users already; its result must be discarded.
     */
    boolean forEach(BiConsumer<String, UserState> visitor);
}
