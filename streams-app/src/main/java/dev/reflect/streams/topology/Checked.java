package dev.reflect.streams.topology;

import dev.reflect.events.ReflectEvent;

/**
 * What {@link EventValidator} made of an input record, for the topology to route: a valid event
 * already in its person's partition goes straight to the aggregation, one that arrived in another
 * partition goes through the re-route topic first, and a record that is not a valid event goes to
 * the dead-letter topic.
 */
sealed interface Checked {

    /** A valid event in the partition its key hashes to, and its bytes as read: counted without a hop. */
    record Placed(ReflectEvent event, byte[] bytes) implements Checked {}

    /**
     * A valid event written to another partition than the one its key hashes to (a producer with
     * another partitioner): its bytes exactly as read, to be re-routed by key.
     */
    record Misplaced(byte[] bytes) implements Checked {}

    /** Not a countable event: its bytes exactly as read, for the dead letter. */
    record Rejected(byte[] bytes) implements Checked {}
}
