package dev.reflect.streams.topology;

import dev.reflect.events.ReflectEvent;
import java.util.Objects;

/**
 * A valid input event on its way to the aggregation: what it says, and its record exactly as it
 * was on the topic, which the person's entries keep for reading back.
 */
record InputEvent(ReflectEvent event, byte[] stored) {

    InputEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(stored, "stored");
    }
}
