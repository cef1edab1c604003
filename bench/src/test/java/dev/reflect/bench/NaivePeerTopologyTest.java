package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.bench.NaivePeerTopology.DayFigures;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Topics;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.ReflectTopology;
import dev.reflect.streams.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The naive peer computes, per person and local day, the same check-in figures as Reflect, from
 * the same stored records: otherwise the benchmark would compare two different jobs.
 */
class NaivePeerTopologyTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final long SEED = 20261205L;

    @TempDir
    Path stateDir;

    @Test
    void perDayFiguresEqualReflectsForTheSameInput() {
        List<KeyValue<byte[], byte[]>> input = input();
        Map<String, Map<LocalDate, Figures>> reflect;
        try (TopologyTestDriver driver = driver(ReflectTopology.build(TopologySettings.defaults()), "reflect")) {
            send(driver, input);
            KeyValueStore<String, UserState> store = driver.getKeyValueStore(StateStores.USER_STATE);
            reflect = new TreeMap<>();
            try (KeyValueIterator<String, UserState> all = store.all()) {
                all.forEachRemaining(kv -> reflect.put(kv.key, kv.value.days()));
            }
        }
        Map<String, Map<LocalDate, DayFigures>> peer = new TreeMap<>();
        try (TopologyTestDriver driver = driver(NaivePeerTopology.build(), "naive")) {
            send(driver, input);
            WindowStore<String, DayFigures> store = driver.getWindowStore(NaivePeerTopology.DAILY_STORE);
            try (KeyValueIterator<Windowed<String>, DayFigures> all = store.all()) {
                all.forEachRemaining(kv -> peer.computeIfAbsent(kv.key.key(), k -> new TreeMap<>())
                        .put(NaivePeerTopology.localDay(kv.key.window().start()), kv.value));
            }
        }

        assertThat(peer.keySet()).isEqualTo(reflect.keySet()).hasSize(PEOPLE);
        long checkIns = 0;
        for (Map.Entry<String, Map<LocalDate, Figures>> person : reflect.entrySet()) {
            Map<LocalDate, DayFigures> peerDays = peer.get(person.getKey());
            assertThat(peerDays.keySet())
                    .as(person.getKey())
                    .isEqualTo(person.getValue().keySet());
            for (Map.Entry<LocalDate, Figures> day : person.getValue().entrySet()) {
                assertSame(day.getValue(), peerDays.get(day.getKey()), person.getKey() + " " + day.getKey());
                checkIns += day.getValue().checkIns();
            }
        }
        // Every distinct event counted once by both: the duplicates were dropped by both.
        assertThat(checkIns).isEqualTo(DISTINCT_EVENTS);
    }

    @Test
    void aCheckInLateInTheEveningWestOfUtcCountsOnItsLocalDay() {
        OffsetDateTime lateEvening =
                now.atOffset(ZoneOffset.ofHours(-8)).minusDays(3).withHour(23).withMinute(30);
        List<KeyValue<byte[], byte[]>> input = List.of(record(checkIn("person-west", lateEvening, 7)));
        try (TopologyTestDriver driver = driver(NaivePeerTopology.build(), "naive")) {
            send(driver, input);
            WindowStore<String, DayFigures> store = driver.getWindowStore(NaivePeerTopology.DAILY_STORE);
            LocalDate localDay = lateEvening.toLocalDate();
            long dayStart = localDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            DayFigures figures = store.fetch("person-west", dayStart);
            assertThat(figures).isNotNull();
            assertThat(figures.checkIns).isEqualTo(1);
            assertThat(figures.distressSum).isEqualTo(7);
            assertThat(store.fetch("person-west", dayStart + Duration.ofDays(1).toMillis()))
                    .isNull();
        }
    }

    private static final int PEOPLE = 6;
    private static final int EVENTS = 240;
    private static final int DUPLICATES = 30;
    private static final int DISTINCT_EVENTS = EVENTS + 1;

    /**
     * 240 check-ins of six people from the benchmark's own bodies (five offsets, 60 days), 30 of
     * them sent twice, plus one late in the evening west of UTC; as the ingest service stores them.
     */
    private List<KeyValue<byte[], byte[]>> input() {
        EventParser parser = new EventParser(Clock.systemUTC());
        Random random = new Random(SEED);
        List<String> fragments = CheckInBodies.fragments(64, now, SEED);
        List<KeyValue<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String body = CheckInBodies.body(
                    new UUID(random.nextLong(), random.nextLong()).toString(),
                    fragments.get(random.nextInt(fragments.size())));
            Validated<CheckIn> parsed = parser.clientCheckIn(body.getBytes(StandardCharsets.UTF_8), "test");
            assertThat(parsed.isValid())
                    .as("generated body %s", parsed.errors())
                    .isTrue();
            records.add(record(parsed.value().received(StreamsInput.userId(i % PEOPLE), now)));
        }
        for (int i = 0; i < DUPLICATES; i++) {
            records.add(records.get(random.nextInt(EVENTS)));
        }
        OffsetDateTime lateEvening =
                now.atOffset(ZoneOffset.ofHours(-8)).minusDays(2).withHour(23).withMinute(45);
        records.add(record(checkIn(StreamsInput.userId(0), lateEvening, 9)));
        return records;
    }

    private CheckIn checkIn(String userId, OffsetDateTime occurredAt, int distress) {
        return new CheckIn(
                UUID.randomUUID(),
                occurredAt,
                Context.ROMANTIC,
                distress,
                List.of(new Trigger(TriggerCategory.SOCIAL_MEDIA, false)),
                List.of(
                        Behavior.of(BehaviorType.CHECKED_DEVICE, 3),
                        Behavior.of(BehaviorType.SOUGHT_REASSURANCE, null)),
                List.of(CopingStrategy.SELF_CARE),
                null,
                userId,
                now);
    }

    private KeyValue<byte[], byte[]> record(CheckIn checkIn) {
        return KeyValue.pair(
                checkIn.userId().getBytes(StandardCharsets.UTF_8),
                Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn));
    }

    private TopologyTestDriver driver(Topology topology, String name) {
        Properties props = ReflectStreamsConfig.base("unused:9092");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "naive-peer-test-" + name);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return new TopologyTestDriver(topology, props, now);
    }

    private static void send(TopologyTestDriver driver, List<KeyValue<byte[], byte[]>> records) {
        TestInputTopic<byte[], byte[]> topic =
                driver.createInputTopic(Topics.CHECKINS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        records.forEach(kv -> topic.pipeInput(kv.key, kv.value));
    }

    private static void assertSame(Figures reflect, DayFigures peer, String where) {
        assertThat(peer).as(where).isNotNull();
        assertThat(peer.checkIns).as(where + " check-ins").isEqualTo(reflect.checkIns());
        assertThat(peer.distressSum).as(where + " distress").isEqualTo(reflect.distressSum());
        for (TriggerCategory category : TriggerCategory.values()) {
            assertThat(peer.triggers.getOrDefault(category, 0))
                    .as(where + " " + category)
                    .isEqualTo(reflect.triggers(category));
        }
        for (BehaviorType type : BehaviorType.values()) {
            assertThat(peer.behaviors.getOrDefault(type, 0))
                    .as(where + " " + type)
                    .isEqualTo(reflect.behaviors(type));
        }
        for (CopingStrategy strategy : CopingStrategy.values()) {
            assertThat(peer.coping.getOrDefault(strategy, 0))
                    .as(where + " " + strategy)
                    .isEqualTo(reflect.coping(strategy));
        }
    }
}
