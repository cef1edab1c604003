package dev.reflect.streams.topology;

import dev.reflect.events.Topics;
import dev.reflect.events.validation.EventParser;
import dev.reflect.streams.state.StateStores;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * The streams app's topology, built from settings alone: no I/O, so the same object runs under
 * TopologyTestDriver and in production.
 *
 * <pre>
 *   reflect.checkins.v1 ─► validate-checkins ─┐                ┌─► reflect.alerts.v1
 *                                             ├─► aggregate ───┤   (one record per level change)
 *   reflect.journal.v1  ─► validate-journal  ─┘   (user-state, │
 *                              │                 seen-event-ids)
 *                              └──────────────────────────────► reflect.deadletter.v1
 * </pre>
 *
 * Both input topics are keyed by userId and feed one processor with one store, so they must have
 * the same number of partitions (the local run creates every contract topic with 6): a user's
 * check-ins and journal entries then land in the same task.
 */
public final class ReflectTopology {

    public static final String CHECKINS_SOURCE = "checkins-source";
    public static final String JOURNAL_SOURCE = "journal-source";
    public static final String VALIDATE_CHECKINS = "validate-checkins";
    public static final String VALIDATE_JOURNAL = "validate-journal";
    public static final String AGGREGATE = "aggregate-user-patterns";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String DEADLETTER_SINK = "deadletter-sink";

    private ReflectTopology() {}

    public static Topology build(TopologySettings settings) {
        return build(settings, PatternListener.NONE);
    }

    public static Topology build(TopologySettings settings, PatternListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        // Stored records are judged without the clock; EventParser is thread-safe, one serves all tasks.
        EventParser parser = new EventParser(Clock.systemUTC());
        OccurredAtTimestampExtractor eventTime = new OccurredAtTimestampExtractor();
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();

        // Values are parsed once, in the sources: the extractor reads occurredAt from the result.
        Topology topology = new Topology();
        topology.addSource(
                AutoOffsetReset.earliest(),
                CHECKINS_SOURCE,
                eventTime,
                bytes,
                ParsedInput.deserializer(parser::storedCheckIn),
                Topics.CHECKINS.name());
        topology.addSource(
                AutoOffsetReset.earliest(),
                JOURNAL_SOURCE,
                eventTime,
                bytes,
                ParsedInput.deserializer(parser::storedJournalEntry),
                Topics.JOURNAL.name());
        topology.addProcessor(
                VALIDATE_CHECKINS,
                () -> new EventValidator<>(AGGREGATE, DEADLETTER_SINK, settings, listener),
                CHECKINS_SOURCE);
        topology.addProcessor(
                VALIDATE_JOURNAL,
                () -> new EventValidator<>(AGGREGATE, DEADLETTER_SINK, settings, listener),
                JOURNAL_SOURCE);
        topology.addProcessor(
                AGGREGATE, () -> new UserPatternAggregator(settings, listener), VALIDATE_CHECKINS, VALIDATE_JOURNAL);
        topology.addStateStore(StateStores.userState(), AGGREGATE);
        topology.addStateStore(StateStores.seenEvents(), AGGREGATE);
        topology.addSink(
                ALERTS_SINK,
                Topics.ALERTS.name(),
                Topics.ALERTS.keySerde().serializer(),
                Topics.ALERTS.valueSerde().serializer(),
                AGGREGATE);
        topology.addSink(
                DEADLETTER_SINK,
                Topics.DEADLETTER.name(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                VALIDATE_CHECKINS,
                VALIDATE_JOURNAL);
        return topology;
    }
}
