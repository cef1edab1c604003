package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.query.UserStateLookup.Copy;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug StandbyFailoverIT found: the survivor of a SIGKILLed instance, RUNNING, answered 404
 * for a user with 60 check-ins from its own active copy. The task had just taken the partition
 * over from an instance that died before its first commit there, so it started from offset 0 with
 * the whole backlog unprocessed and an empty changelog: complete as far as restoring goes, and
 * missing every user still in the backlog.
 *
 * <p>Here the backlog is in the input before the app starts (as if its previous owner never
 * committed), and the processor is held on the first record. Kafka Streams is RUNNING and the
 * store is queryable, and the users behind the held record must read as unavailable (503
 * upstream), never absent (404). Once the backlog is processed every user is found and an unknown
 * user is absent again.
 */
@WithKafka
class TakenOverActiveCopyIT {

    private static final int USERS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private final String input = "taken-over-it-" + UUID.randomUUID();
    private final CountDownLatch heldInProcess = new CountDownLatch(1);
    private final CountDownLatch releaseProcessing = new CountDownLatch(1);
    private KafkaStreams streams;

    @AfterEach
    void stop() {
        releaseProcessing.countDown();
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void anActiveCopyBehindTheInputItTookOverNeverSaysAUserWithDataIsUnknown() throws Exception {
        kafka.createTopics(1, input);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add("u-" + UUID.randomUUID());
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            for (String user : users) {
                var unused = producer.send(new ProducerRecord<>(input, user, "check-in"));
            }
            producer.flush();
        }

        HostInfo self = new HostInfo("127.0.0.1", 1);
        streams = new KafkaStreams(topology(), properties(self));
        KafkaUserStateLookup lookup = new KafkaUserStateLookup();
        lookup.attach(streams, self);
        streams.start();
        assertThat(heldInProcess.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("processing held")
                .isTrue();
        await("Kafka Streams RUNNING").atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        // The store answers: this is the state the survivor was in, not a rebalance.
        await("every input record fetched")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fetchedEverything(streams));

        String unknown = "u-" + UUID.randomUUID();
        // The lookup used to read null for these and answer "absent", which the API turns into 404.
        List<LocalRead> whileBehind =
                users.stream().map(user -> lookup.read(user, 0, Copy.ACTIVE)).toList();
        assertThat(whileBehind)
                .as("reads while the backlog waits")
                .allMatch(read -> read instanceof LocalRead.Unavailable);
        assertThat(lookup.read(unknown, 0, Copy.ACTIVE))
                .as("an unknown user, while nobody can tell")
                .isInstanceOf(LocalRead.Unavailable.class);
        assertThat(lookup.read(users.get(1), 0, Copy.ANY))
                .as("the same store, read without the check")
                .isInstanceOf(LocalRead.Absent.class);

        releaseProcessing.countDown();
        await("every user is found once the backlog is processed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        users.stream().allMatch(user -> lookup.read(user, 0, Copy.ACTIVE) instanceof LocalRead.Found));
        await("an unknown user is absent again")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> lookup.read(unknown, 0, Copy.ACTIVE) instanceof LocalRead.Absent);
    }

    /** The main consumer has no fetch lag left on the input: what remains is the task's own backlog. */
    private boolean fetchedEverything(KafkaStreams running) {
        return running.metrics().entrySet().stream()
                .anyMatch(entry -> entry.getKey().name().equals(InputCatchUp.RECORDS_LAG)
                        && input.equals(entry.getKey().tags().get("topic"))
                        && entry.getValue().metricValue() instanceof Double lag
                        && lag == 0.0);
    }

    private Topology topology() {
        Topology topology = new Topology();
        topology.addSource(
                "check-ins", Serdes.String().deserializer(), Serdes.String().deserializer(), input);
        topology.addProcessor("count", HeldProcessor::new, "check-ins");
        topology.addStateStore(StateStores.userState(), "count");
        // The lookup reads a person's grants and measures beside their state, as the app's topology has them.
        topology.addStateStore(StateStores.sharing(), "count");
        topology.addStateStore(MeasureStores.measures(), "count");
        return topology;
    }

    /** Stores a day of data per user; waits for the test before its first record. */
    private final class HeldProcessor implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, UserState> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(StateStores.USER_STATE);
        }

        @Override
        public void process(Record<String, String> record) {
            heldInProcess.countDown();
            try {
                releaseProcessing.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            UserState state = UserState.empty();
            state.add(checkIn(record.key(), LocalDate.of(2026, 11, 20)).build());
            store.put(record.key(), state);
        }
    }

    private Properties properties(HostInfo self) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "taken-over-it-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return props;
    }
}
