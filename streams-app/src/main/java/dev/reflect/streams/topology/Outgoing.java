package dev.reflect.streams.topology;

import dev.reflect.events.Alert;

/** What {@link AlertGuard} decided for an alert: send it, or send it to the dead-letter topic instead. */
sealed interface Outgoing {

    /** The alert fits its topic. */
    record Send(Alert alert) implements Outgoing {}

    /** It does not: its bytes as a dead letter, keyed by the userId's bytes. */
    record Letter(byte[] key, byte[] value) implements Outgoing {}
}
