package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.Measure;
import dev.reflect.events.ReflectEvent;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.state.UserState;

/**
 * The seam for metrics (contract section 7): the topology tells a listener what it did, the
 * metrics wiring turns that into counters and gauges. Called on stream threads, possibly several
 * at once, so implementations must be thread-safe, fast, and must not throw (a throw is logged
 * and ignored, never fails the record). Nothing passed here may be logged or used as a metric label
 * as is: events and states carry the userId and the user's words.
 */
public interface PatternListener {

    PatternListener NONE = new PatternListener() {};

    /** A valid, new event was counted into its user's day. */
    default void counted(ReflectEvent event) {}

    /** A valid event whose eventId was already counted was skipped. */
    default void duplicate(ReflectEvent event) {}

    /**
     * A valid event sat in another partition of {@code topic} than its key hashes to (its producer
     * used another partitioner) and was re-routed to its person's partition.
     */
    default void rerouted(String topic) {}

    /** A record went to the dead-letter topic. */
    default void rejected(DeadLetterReason reason) {}

    /** A dead letter the dead-letter topic cannot take was dropped (logged without its content). */
    default void deadLetterDropped() {}

    /** An escalation alert (a level change of the behaviour ladder) was emitted. */
    default void alerted(Alert alert) {}

    /** A new answer to a questionnaire was kept (contract section 10). */
    default void measureCounted(Measure measure) {}

    /** A measure alert (rule {@code measure_deterioration}) was emitted; {@link #alerted} hears the escalation ones. */
    default void measureAlerted(Alert alert) {}

    /**
     * A user's state after counting {@code event} (read it, do not keep or change it), for
     * per-user metrics. The event tells whose state it is ({@code event.userId()}) and the offset
     * the user last wrote from, which places "today" in their own calendar.
     */
    default void userUpdated(ReflectEvent event, UserState state) {}

    /** A person was erased on this instance: forget everything about them (their per-user series). */
    default void erased(String userId) {}

    /** An event of an erased person's past arrived (late, re-routed or replayed) and was dropped. */
    default void erasedEventDropped() {}
}
