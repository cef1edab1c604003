package dev.reflect.streams.topology;

import static dev.reflect.streams.EventFixtures.checkIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Alert;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology with the production config on a real broker under exactly_once_v2: what
 * TopologyTestDriver cannot show (the config is accepted, stores and changelogs are created,
 * output is transactional).
 */
@WithKafka
class ReflectTopologyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    @Test
    void countsOnceAlertsOnceAndDeadLettersOnARealBroker() throws Exception {
        kafka.createTopics(
                6,
                Topics.CHECKINS.name(),
                Topics.JOURNAL.name(),
                Topics.ALERTS.name(),
                Topics.DEADLETTER.name(),
                Topics.ERASURE_REQUESTS.name(),
                Topics.ERASURES.name());
        String user = "it-" + UUID.randomUUID();
        Instant now = Instant.now();
        CheckIn asks = checkIn(user, now.minusSeconds(60).atOffset(ZoneOffset.ofHours(-8)))
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 5)
                .receivedAt(now)
                .build();
        byte[] asksBytes = Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), asks);

        Properties props = ReflectStreamsConfig.base(kafka.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reflect-it-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(ReflectTopology.build(TopologySettings.defaults()), props)) {
            streams.start();
            await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                byte[] key = user.getBytes(UTF_8);
                producer.send(new ProducerRecord<>(Topics.CHECKINS.name(), key, asksBytes))
                        .get();
                producer.send(new ProducerRecord<>(Topics.CHECKINS.name(), key, asksBytes))
                        .get();
                producer.send(new ProducerRecord<>(Topics.CHECKINS.name(), key, "not json".getBytes(UTF_8)))
                        .get();
            }

            await().atMost(TIMEOUT)
                    .ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                    .untilAsserted(() -> {
                        UserState state = userStates(streams).get(user);
                        assertThat(state).isNotNull();
                        assertThat(state.day(asks.localDay()).checkIns()).isEqualTo(1);
                    });
            await().atMost(TIMEOUT)
                    .until(() -> !recordsOf(Topics.DEADLETTER, user).isEmpty()
                            && !recordsOf(Topics.ALERTS, user).isEmpty());

            List<ConsumerRecord<byte[], byte[]>> alerts = recordsOf(Topics.ALERTS, user);
            assertThat(alerts).hasSize(1);
            Alert alert = Topics.ALERTS
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.ALERTS.name(), alerts.get(0).value());
            assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED);
            assertThat(alert.day()).isEqualTo(asks.localDay());

            List<ConsumerRecord<byte[], byte[]>> letters = recordsOf(Topics.DEADLETTER, user);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.value()).isEqualTo("not json".getBytes(UTF_8));
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON))
                        .isEqualTo("not-json");
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                        .isEqualTo(Topics.CHECKINS.name());
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET))
                        .isNotBlank();
            });
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static ReadOnlyKeyValueStore<String, UserState> userStates(KafkaStreams streams) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(StateStores.USER_STATE, QueryableStoreTypes.keyValueStore()));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Every committed record of {@code topic} keyed by {@code user}, read up to the current end. */
    private List<ConsumerRecord<byte[], byte[]>> recordsOf(Topic<?, ?> topic, String user) {
        Deserializer<byte[]> bytes = new ByteArrayDeserializer();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString());
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, bytes, bytes)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && user.equals(new String(record.key(), UTF_8))) {
                        mine.add(record);
                    }
                }
            }
        }
        return mine;
    }
}
