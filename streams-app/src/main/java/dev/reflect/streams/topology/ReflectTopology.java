package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.Erasure;
import dev.reflect.events.ErasureRequest;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.Topics;
import dev.reflect.events.serde.JsonSerde;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.rights.ErasureProcessor;
import dev.reflect.streams.rights.ErasureStep;
import dev.reflect.streams.rights.RightsStores;
import dev.reflect.streams.state.StateStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The streams app's topology, built from settings alone: no I/O, so the same object runs under
 * TopologyTestDriver and in production.
 *
 * <pre>
 *   reflect.checkins.v1 ─► validate-checkins ─┬─ placed ─────────────────────────────┐
 *                              │               └─ misplaced ─► checkins-reroute ─────┤
 *                              │                  (internal topic, keyed by userId)  ├─► aggregate ─► alerts ──────────┐
 *   reflect.journal.v1  ─► validate-journal  ─┬─ placed ─────────────────────────────┤  (user-state, seen-event-ids,  │
 *                              │               └─ misplaced ─► journal-reroute ──────┤   pending-alerts, user-entries, │
 *   reflect.sharing.v1  ─► validate-sharing  ─── (the same, re-route sharing-reroute) ┘   sharing; caseload rows ─►     │
 *                              │                                          caseload-repartition (by clinicianId)        │
 *                              │                                          ─► write-caseloads (caseloads store)         │
 *   reflect.measures.v1 ─► validate-measures ─── (the same, re-route measures-reroute) ─► aggregate-measures ─────────┤
 *                              │                       (user-measures, pending-measure-alerts; reads sharing)          │
 *                              └─ rejected (all) ───┐                                                                  │
 *                                                    ├─ measure-dead-letters ─► reflect.deadletter.v1                  │
 *                                 measure-alerts ◄───┼─────────────────────────────────────────────────────────────────┘
 *                                   ├─ fits ──────────┼───────────────────────► reflect.alerts.v1
 *                                   └─ too large ─────┘
 *
 *   reflect.erasure-requests.v1 ─► place ─┬─ placed ──────────────────────┐
 *                                         └─ misplaced ─► erasure-requests-reroute ─┴─► erase ─┬─► reflect.erasures.v1 (proof)
 *                                                (every ErasureStep's stores)                   └─► request tombstone
 *   reflect.erasures.v1 ─► ErasureLedger (a replica outside the topology, read by aggregate: erased pasts are dropped)
 *   reflect.audit.v1 ─► keep-access-log (access-log store: who read each person's data)
 * </pre>
 *
 * A person's state lives in the store partition of the partition their userId hashes to, as
 * Java's default partitioner places it ({@link InputPartitioning}): that is where the query API
 * looks for it. Records a producer with another partitioner (kcat, any librdkafka client) wrote
 * elsewhere are re-routed by key through an internal repartition topic per input; records
 * already in place, the common case, take no extra hop. The input topics must have the same
 * number of partitions, which Kafka Streams gives the re-route topics too.
 *
 * <p>Measures (contract section 10) are a track of their own, with their own stores
 * ({@code dev.reflect.streams.measures}); their alerts join the escalation alerts before the size
 * guard, which also puts both tracks of a person in one task.
 */
public final class ReflectTopology {

    public static final String CHECKINS_SOURCE = "checkins-source";
    public static final String JOURNAL_SOURCE = "journal-source";
    public static final String VALIDATE_CHECKINS = "validate-checkins";
    public static final String VALIDATE_JOURNAL = "validate-journal";
    public static final String SHARING_SOURCE = "sharing-source";
    public static final String VALIDATE_SHARING = "validate-sharing";
    /** The re-route topic of sharing changes is {@code <application.id>-sharing-reroute-repartition}. */
    public static final String SHARING_REROUTE = "sharing-reroute";
    /** Caseload rows travel to their clinician's partition through {@code <application.id>-caseload-repartition}. */
    public static final String CASELOAD_REPARTITION = "caseload";

    public static final String WRITE_CASELOADS = "write-caseloads";
    public static final String AUDIT_SOURCE = "audit-source";
    public static final String KEEP_ACCESS_LOG = "keep-access-log";
    /** The re-route topic of check-ins is {@code <application.id>-checkins-reroute-repartition}. */
    public static final String CHECKINS_REROUTE = "checkins-reroute";
    /** The re-route topic of journal entries is {@code <application.id>-journal-reroute-repartition}. */
    public static final String JOURNAL_REROUTE = "journal-reroute";

    public static final String MEASURES_SOURCE = "measures-source";
    public static final String VALIDATE_MEASURES = "validate-measures";
    /** The re-route topic of measures is {@code <application.id>-measures-reroute-repartition}. */
    public static final String MEASURES_REROUTE = "measures-reroute";

    public static final String AGGREGATE = "aggregate-user-patterns";
    public static final String AGGREGATE_MEASURES = "aggregate-measures";
    public static final String GUARD_ALERTS = "measure-alerts";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String GUARD_DEAD_LETTERS = "measure-dead-letters";
    public static final String DEADLETTER_SINK = "deadletter-sink";
    public static final String ERASURE_REQUESTS_SOURCE = "erasure-requests-source";
    public static final String PLACE_ERASURE_REQUESTS = "place-erasure-requests";
    /** The re-route topic of erasure requests is {@code <application.id>-erasure-requests-reroute-repartition}. */
    public static final String ERASURE_REQUESTS_REROUTE = "erasure-requests-reroute";

    public static final String ERASE = "erase";
    public static final String ERASURES_SINK = "erasures-sink";
    public static final String ERASURE_REQUESTS_SINK = "erasure-requests-sink";

    private ReflectTopology() {}

    public static Topology build(TopologySettings settings) {
        return build(settings, TopologyRuntime.standalone());
    }

    public static Topology build(TopologySettings settings, PatternListener listener) {
        return build(settings, TopologyRuntime.standalone().withListener(listener));
    }

    public static Topology build(TopologySettings settings, TopologyRuntime runtime) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(runtime, "runtime");
        PatternListener listener = runtime.listener();
        // Stored records are judged without the clock; EventParser is thread-safe, one serves all tasks.
        EventParser parser = new EventParser(Clock.systemUTC());
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(StateStores.userState());
        builder.addStateStore(StateStores.seenEvents());
        builder.addStateStore(StateStores.pendingAlerts());
        builder.addStateStore(StateStores.userEntries());
        builder.addStateStore(RightsStores.erasedPeople());
        builder.addStateStore(RightsStores.inProgress());
        builder.addStateStore(StateStores.sharing());
        builder.addStateStore(StateStores.caseloads());
        builder.addStateStore(StateStores.accessLog());
        builder.addStateStore(MeasureStores.measures());
        builder.addStateStore(MeasureStores.pendingAlerts());

        Input checkIns = new Input(
                settings.inputs().checkIns().name(),
                CHECKINS_SOURCE,
                VALIDATE_CHECKINS,
                CHECKINS_REROUTE,
                parser::storedCheckIn);
        Input journal = new Input(
                settings.inputs().journal().name(),
                JOURNAL_SOURCE,
                VALIDATE_JOURNAL,
                JOURNAL_REROUTE,
                parser::storedJournalEntry);
        Input sharing = new Input(
                settings.inputs().sharing().name(),
                SHARING_SOURCE,
                VALIDATE_SHARING,
                SHARING_REROUTE,
                parser::storedSharingChange);
        Input measures = new Input(
                settings.inputs().measures().name(),
                MEASURES_SOURCE,
                VALIDATE_MEASURES,
                MEASURES_REROUTE,
                parser::storedMeasure);
        List<KStream<byte[], byte[]>> deadLetters = new ArrayList<>();

        KStream<String, PersonOutput> outputs = checkIns.events(builder, settings, runtime, deadLetters)
                .merge(journal.events(builder, settings, runtime, deadLetters), Named.as("events"))
                .merge(sharing.events(builder, settings, runtime, deadLetters), Named.as("events-and-sharing"))
                .process(
                        () -> new UserPatternAggregator(settings, listener, runtime.rights()),
                        Named.as(AGGREGATE),
                        StateStores.USER_STATE,
                        StateStores.SEEN_EVENTS,
                        StateStores.PENDING_ALERTS,
                        StateStores.USER_ENTRIES,
                        StateStores.SHARING,
                        MeasureStores.MEASURES,
                        RightsStores.ERASED_PEOPLE)
                .merge(
                        measures.events(builder, settings, runtime, deadLetters)
                                .process(
                                        () -> new MeasureAggregator(settings, listener, runtime.rights()),
                                        Named.as(AGGREGATE_MEASURES),
                                        MeasureStores.MEASURES,
                                        MeasureStores.PENDING_ALERTS,
                                        StateStores.SHARING,
                                        StateStores.USER_STATE),
                        Named.as("person-outputs"));
        erasures(builder, settings, runtime);
        Map<String, KStream<String, PersonOutput>> byKind = outputs.split(Named.as(AGGREGATE + "-"))
                .branch((userId, output) -> output instanceof PersonOutput.AlertOut, Branched.as("alerts"))
                .defaultBranch(Branched.as("caseload-rows"));
        KStream<String, Alert> alerts = byKind.get(AGGREGATE + "-alerts")
                .mapValues(output -> ((PersonOutput.AlertOut) output).alert(), Named.as("alerts"));
        byKind.get(AGGREGATE + "-caseload-rows")
                .map(
                        (userId, output) -> {
                            PersonOutput.CaseloadRow row = (PersonOutput.CaseloadRow) output;
                            return KeyValue.pair(row.clinicianId(), row);
                        },
                        Named.as("by-clinician"))
                .repartition(Repartitioned.<String, PersonOutput.CaseloadRow>as(CASELOAD_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(PersonOutput.CaseloadRow.class)))
                .process(() -> new CaseloadWriter(runtime.rights()), Named.as(WRITE_CASELOADS), StateStores.CASELOADS);

        builder.stream(
                        Topics.AUDIT.name(),
                        Consumed.with(Topics.AUDIT.keySerde(), Topics.AUDIT.valueSerde())
                                .withOffsetResetPolicy(AutoOffsetReset.earliest())
                                .withName(AUDIT_SOURCE))
                .process(
                        () -> new AccessLogKeeper(runtime.rights()), Named.as(KEEP_ACCESS_LOG), StateStores.ACCESS_LOG);
        Map<String, KStream<Object, Outgoing>> measured = alerts.process(
                        () -> new AlertGuard(runtime.outputLimits(), listener, settings.announcing()),
                        Named.as(GUARD_ALERTS))
                .split(Named.as(GUARD_ALERTS + "-"))
                .branch((key, outgoing) -> outgoing instanceof Outgoing.Send, Branched.as("send"))
                .defaultBranch(Branched.as("too-large"));
        measured.get(GUARD_ALERTS + "-send")
                .map(
                        (key, outgoing) -> KeyValue.pair((String) key, ((Outgoing.Send) outgoing).alert()),
                        Named.as("alert"))
                .to(
                        Topics.ALERTS.name(),
                        Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                                .withName(ALERTS_SINK));
        deadLetters.add(measured.get(GUARD_ALERTS + "-too-large")
                .map(
                        (key, outgoing) ->
                                KeyValue.pair(((Outgoing.Letter) outgoing).key(), ((Outgoing.Letter) outgoing).value()),
                        Named.as("alert-dead-letter")));

        KStream<byte[], byte[]> allDeadLetters = deadLetters.get(0);
        for (int i = 1; i < deadLetters.size(); i++) {
            allDeadLetters = allDeadLetters.merge(deadLetters.get(i), Named.as("dead-letters-" + i));
        }
        allDeadLetters
                .process(() -> new DeadLetterGuard(runtime.outputLimits(), listener), Named.as(GUARD_DEAD_LETTERS))
                .to(
                        Topics.DEADLETTER.name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(DEADLETTER_SINK));
        return builder.build();
    }

    /**
     * Erasure (contract section 9): requests, re-routed to their person's partition when a
     * producer put them elsewhere, carried out by {@link ErasureProcessor} with every part's
     * {@link ErasureStep}; its proofs go to {@code reflect.erasures.v1} and each done request's
     * tombstone to the request topic. A request is stamped with the earliest time, so its task
     * takes it before any event waiting beside it.
     */
    private static void erasures(StreamsBuilder builder, TopologySettings settings, TopologyRuntime runtime) {
        // Every part that keeps a person's data in a store adds its step here (sharing, measures: one line each).
        List<ErasureStep> steps = List.of(
                new PatternStateErasure(settings),
                new KeyedStoresErasure(StateStores.SHARING),
                new KeyedStoresErasure(MeasureStores.MEASURES, MeasureStores.PENDING_ALERTS));
        Map<String, KStream<String, ErasureRequestPlacement.Placed>> placed = builder.stream(
                        Topics.ERASURE_REQUESTS.name(),
                        Consumed.with(Topics.ERASURE_REQUESTS.keySerde(), Topics.ERASURE_REQUESTS.valueSerde())
                                .withTimestampExtractor((record, partitionTime) -> 0L)
                                .withOffsetResetPolicy(AutoOffsetReset.earliest())
                                .withName(ERASURE_REQUESTS_SOURCE))
                .process(
                        () -> new ErasureRequestPlacement(runtime.inputPartitions(), runtime.listener()),
                        Named.as(PLACE_ERASURE_REQUESTS))
                .split(Named.as(PLACE_ERASURE_REQUESTS + "-"))
                .branch((userId, request) -> request.misplaced(), Branched.as("misplaced"))
                .defaultBranch(Branched.as("placed"));
        KStream<String, ErasureRequest> rerouted = placed.get(PLACE_ERASURE_REQUESTS + "-misplaced")
                .mapValues(ErasureRequestPlacement.Placed::request, Named.as(ERASURE_REQUESTS_REROUTE + "-request"))
                .repartition(Repartitioned.<String, ErasureRequest>as(ERASURE_REQUESTS_REROUTE)
                        .withKeySerde(Topics.ERASURE_REQUESTS.keySerde())
                        .withValueSerde(Topics.ERASURE_REQUESTS.valueSerde()));
        Map<String, KStream<String, Erasure>> done = placed.get(PLACE_ERASURE_REQUESTS + "-placed")
                .mapValues(ErasureRequestPlacement.Placed::request, Named.as(PLACE_ERASURE_REQUESTS + "-request"))
                .merge(rerouted, Named.as("erasure-requests"))
                .process(
                        () -> new ErasureProcessor(
                                steps,
                                runtime.rights().shredder(),
                                runtime.rights().pseudonym(),
                                runtime.listener()::erased),
                        Named.as(ERASE),
                        ErasureProcessor.stores(steps))
                .split(Named.as(ERASE + "-"))
                .branch((key, proof) -> proof != null, Branched.as("proof"))
                .defaultBranch(Branched.as("request-done"));
        done.get(ERASE + "-proof")
                .to(
                        Topics.ERASURES.name(),
                        Produced.with(Topics.ERASURES.keySerde(), Topics.ERASURES.valueSerde())
                                .withName(ERASURES_SINK));
        done.get(ERASE + "-request-done")
                .mapValues(proof -> (byte[]) null, Named.as(ERASE + "-tombstone"))
                .to(
                        Topics.ERASURE_REQUESTS.name(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName(ERASURE_REQUESTS_SINK));
    }

    /** One input topic and the names of its nodes. */
    private record Input(
            String topic,
            String sourceName,
            String validateName,
            String rerouteName,
            Function<byte[], Validated<? extends ReflectEvent>> parse) {

        /** Its valid events keyed by userId, each in its person's partition; dead letters sent off on the way. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        KStream<String, InputEvent> events(
                StreamsBuilder builder,
                TopologySettings settings,
                TopologyRuntime runtime,
                List<KStream<byte[], byte[]>> deadLetters) {
            Serializer<ParsedInput<ReflectEvent>> asRead = (topic, input) -> input == null ? null : input.bytes();
            Serde<ParsedInput<ReflectEvent>> parsed =
                    Serdes.serdeFrom(asRead, ParsedInput.deserializer((Function) parse));
            KStream<byte[], ParsedInput<ReflectEvent>> records = builder.stream(
                    topic,
                    Consumed.with(Serdes.ByteArray(), parsed)
                            .withTimestampExtractor(new OccurredAtTimestampExtractor())
                            .withOffsetResetPolicy(AutoOffsetReset.earliest())
                            .withName(sourceName));
            Map<String, KStream<Object, Checked>> routes = records.process(
                            () -> new EventValidator<ReflectEvent>(
                                    settings, runtime.listener(), runtime.inputPartitions()),
                            Named.as(validateName))
                    .split(Named.as(validateName + "-"))
                    .branch((key, checked) -> checked instanceof Checked.Rejected, Branched.as("rejected"))
                    .branch((key, checked) -> checked instanceof Checked.Misplaced, Branched.as("misplaced"))
                    .defaultBranch(Branched.as("placed"));

            deadLetters.add(((KStream) routes.get(validateName + "-rejected"))
                    .mapValues(
                            checked -> ((Checked.Rejected) checked).bytes(), Named.as(validateName + "-dead-letter")));

            KStream<String, InputEvent> placed = ((KStream) routes.get(validateName + "-placed"))
                    .mapValues(
                            checked -> new InputEvent(
                                    ((Checked.Placed) checked).event(), ((Checked.Placed) checked).bytes()),
                            Named.as(validateName + "-event"));
            KStream<String, InputEvent> rerouted = ((KStream) routes.get(validateName + "-misplaced"))
                    .mapValues(checked -> ((Checked.Misplaced) checked).bytes(), Named.as(rerouteName + "-bytes"))
                    // Java's default partitioner on the userId: the partition Kafka Streams and the
                    // query API expect the person in.
                    .repartition(Repartitioned.<String, byte[]>as(rerouteName)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.ByteArray()))
                    .mapValues(
                            bytes -> new InputEvent(reparse((byte[]) bytes), (byte[]) bytes),
                            Named.as(rerouteName + "-event"));
            return placed.merge(rerouted, Named.as(validateName + "-events"));
        }

        /** A re-routed record was valid when validated; it reads the same way again. */
        private ReflectEvent reparse(byte[] bytes) {
            Validated<? extends ReflectEvent> again = parse.apply(bytes);
            if (!again.isValid()) {
                throw new SerializationException("a re-routed record no longer reads as valid");
            }
            return again.value();
        }
    }
}
