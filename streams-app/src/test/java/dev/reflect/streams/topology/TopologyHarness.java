package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.AuditRecord;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topics;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.progress.Progress;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.CaseloadEntry;
import dev.reflect.streams.state.Caseloads;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology under TopologyTestDriver, with the production config, fed the way the ingest
 * service writes (the contract serdes of {@link Topics}), plus raw-byte inputs for bad records.
 */
final class TopologyHarness implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-11-27T08:00:00Z");

    final TopologySettings settings;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, CheckIn> checkIns;
    private final TestInputTopic<String, JournalEntry> journal;
    private final TestInputTopic<String, Measure> measures;
    private final TestInputTopic<byte[], byte[]> rawMeasures;
    private final TestInputTopic<byte[], byte[]> rawCheckIns;
    private final TestInputTopic<byte[], byte[]> rawJournal;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestInputTopic<String, SharingChange> sharing;
    private final TestInputTopic<String, AuditRecord> audit;

    TopologyHarness(Path stateDir) {
        this(stateDir, TopologySettings.defaults(), PatternListener.NONE);
    }

    TopologyHarness(Path stateDir, TopologySettings settings, PatternListener listener) {
        this(stateDir, settings, listener, 1);
    }

    /**
     * @param inputPartitions the partition count the topology takes the input topics to have. The
     *     test driver puts every record in partition 0, so with more than one partition the events of
     *     every user whose id hashes elsewhere are misplaced, and take the re-route topic.
     */
    TopologyHarness(Path stateDir, TopologySettings settings, PatternListener listener, int inputPartitions) {
        this(
                stateDir,
                settings,
                TopologyRuntime.standalone().withListener(listener).withInputPartitions(() -> inputPartitions));
    }

    TopologyHarness(Path stateDir, TopologySettings settings, TopologyRuntime runtime) {
        this.settings = settings;
        Properties props = ReflectStreamsConfig.base("unused:9092");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reflect-test-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ReflectTopology.build(settings, runtime), props, WALL_CLOCK);
        checkIns = driver.createInputTopic(
                Topics.CHECKINS.name(),
                Topics.CHECKINS.keySerde().serializer(),
                Topics.CHECKINS.valueSerde().serializer());
        journal = driver.createInputTopic(
                Topics.JOURNAL.name(),
                Topics.JOURNAL.keySerde().serializer(),
                Topics.JOURNAL.valueSerde().serializer());
        measures = driver.createInputTopic(
                Topics.MEASURES.name(),
                Topics.MEASURES.keySerde().serializer(),
                Topics.MEASURES.valueSerde().serializer());
        rawMeasures =
                driver.createInputTopic(Topics.MEASURES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        rawCheckIns =
                driver.createInputTopic(Topics.CHECKINS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        rawJournal =
                driver.createInputTopic(Topics.JOURNAL.name(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(
                Topics.ALERTS.name(),
                Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEADLETTER.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        sharing = driver.createInputTopic(
                Topics.SHARING.name(),
                Topics.SHARING.keySerde().serializer(),
                Topics.SHARING.valueSerde().serializer());
        audit = driver.createInputTopic(
                Topics.AUDIT.name(),
                Topics.AUDIT.keySerde().serializer(),
                Topics.AUDIT.valueSerde().serializer());
    }

    /** A person's sharing changes as the ingest and query services write them: key = userId. */
    TopologyHarness send(SharingChange... changes) {
        for (SharingChange change : changes) {
            sharing.pipeInput(change.userId(), change, change.receivedAt());
        }
        return this;
    }

    /** Reads of people's data, as the query service records them: key = the person. */
    TopologyHarness send(AuditRecord... reads) {
        for (AuditRecord read : reads) {
            audit.pipeInput(read.userId(), read, read.at());
        }
        return this;
    }

    /** The clinician's caseload as the store holds it, in userId order. */
    List<CaseloadEntry> caseload(String clinicianId) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(StateStores.CASELOADS);
        return Caseloads.of(store, clinicianId);
    }

    SharingState sharing(String userId) {
        KeyValueStore<String, SharingState> store = driver.getKeyValueStore(StateStores.SHARING);
        return store.get(userId);
    }

    AccessLog accessLog(String userId) {
        KeyValueStore<String, AccessLog> store = driver.getKeyValueStore(StateStores.ACCESS_LOG);
        return store.get(userId);
    }

    /** Sends check-ins as the ingest service does: key = userId. */
    TopologyHarness send(CheckIn... events) {
        for (CheckIn event : events) {
            checkIns.pipeInput(event.userId(), event, event.receivedAt());
        }
        return this;
    }

    TopologyHarness send(JournalEntry... entries) {
        for (JournalEntry entry : entries) {
            journal.pipeInput(entry.userId(), entry, entry.receivedAt());
        }
        return this;
    }

    /** Sends questionnaire answers as the ingest service does: key = userId. */
    TopologyHarness send(Measure... answers) {
        for (Measure answer : answers) {
            measures.pipeInput(answer.userId(), answer, answer.receivedAt());
        }
        return this;
    }

    void sendRawMeasure(byte[] key, byte[] value) {
        rawMeasures.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), WALL_CLOCK));
    }

    /** The person's measures as the store holds them; null for nobody. */
    MeasureState measures(String userId) {
        KeyValueStore<String, MeasureState> store = driver.getKeyValueStore(MeasureStores.MEASURES);
        return store.get(userId);
    }

    void sendRawCheckIn(byte[] key, byte[] value, Headers headers) {
        rawCheckIns.pipeInput(
                new TestRecord<>(key, value, headers == null ? new RecordHeaders() : headers, WALL_CLOCK));
    }

    void sendRawJournal(byte[] key, byte[] value) {
        rawJournal.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), WALL_CLOCK));
    }

    /**
     * Lets the input settle, as it does once a task has nothing more to process: level changes
     * pending announcement are announced.
     */
    TopologyHarness settle() {
        driver.advanceWallClockTime(settings.alertSettle().plus(UserPatternAggregator.IDLE_CHECK_INTERVAL));
        return this;
    }

    /** Alerts emitted since the last call, in order, once the input has settled. */
    List<Alert> alerts() {
        settle();
        return alerts.readValuesToList();
    }

    List<TestRecord<String, Alert>> alertRecords() {
        settle();
        return alerts.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    UserState state(String userId) {
        KeyValueStore<String, UserState> store = driver.getKeyValueStore(StateStores.USER_STATE);
        return store.get(userId);
    }

    Progress progress(String userId, int days) {
        return new ProgressCalculator(settings.escalation()).progress(userId, state(userId), days);
    }

    @Override
    public void close() {
        driver.close();
    }
}
