package dev.reflect.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void producesAndConsumesRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0).start()) {
            String topic = uniqueTopic();
            broker.createTopics(3, topic);

            List<String> sent = produce(broker.bootstrapServers(), topic, 50);

            assertThat(values(consume(broker.bootstrapServers(), topic, 50))).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        }
    }

    @Test
    void createTopicsIsIdempotentAndKeepsExistingTopics() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0).start();
                Admin admin = admin(broker)) {
            String existing = uniqueTopic();
            String added = uniqueTopic();
            broker.createTopics(3, existing);

            broker.createTopics(6, existing, added);

            Map<String, Integer> partitions = admin
                    .describeTopics(List.of(existing, added))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().partitions().size()));
            assertThat(partitions).containsExactlyInAnyOrderEntriesOf(Map.of(existing, 3, added, 6));
        }
    }

    @Test
    void restartKeepsCommittedDataClusterIdAndPortsWhileClientsKeepRunning() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0).start();
                KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            String topic = uniqueTopic();
            broker.createTopics(2, topic);
            producer.send(new ProducerRecord<>(topic, "u-before", "before-restart"))
                    .get(30, TimeUnit.SECONDS);
            String bootstrap = broker.bootstrapServers();
            int controllerPort = broker.controllerPort();
            String clusterId = broker.clusterId();

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.controllerPort()).isEqualTo(controllerPort);
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            // The same producer instance, kept open across the outage, reconnects by itself.
            producer.send(new ProducerRecord<>(topic, "u-after", "after-restart"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(values(consume(bootstrap, topic, 2)))
                    .containsExactlyInAnyOrder("before-restart", "after-restart");
        }
    }

    @Test
    void aNewInstanceOnAnExistingDataDirKeepsItsTopics() throws Exception {
        String topic = uniqueTopic();
        String clusterId;
        try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker(dataDir, 0).start()) {
            first.createTopics(1, topic);
            produce(first.bootstrapServers(), topic, 3);
            clusterId = first.clusterId();
        }

        // As the local run does on its next launch: a fresh object, other ports, the same directory.
        try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(dataDir, 0).start()) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(consume(second.bootstrapServers(), topic, 3)).hasSize(3);
        }
    }

    @Test
    void twoBrokersInOneJvmDoNotInterfere(@TempDir Path otherDataDir) throws Exception {
        try (EmbeddedKafkaBroker a = new EmbeddedKafkaBroker(dataDir, 0).start();
                EmbeddedKafkaBroker b = new EmbeddedKafkaBroker(otherDataDir, 0).start()) {
            assertThat(Set.of(a.port(), a.controllerPort(), b.port(), b.controllerPort()))
                    .hasSize(4);
            assertThat(a.clusterId()).isNotEqualTo(b.clusterId());
            String shared = uniqueTopic();
            String onlyOnA = uniqueTopic();
            a.createTopics(1, shared, onlyOnA);
            b.createTopics(1, shared);

            produce(a.bootstrapServers(), shared, 5);
            produce(b.bootstrapServers(), shared, 2);

            assertThat(consume(a.bootstrapServers(), shared, 5)).hasSize(5);
            assertThat(consume(b.bootstrapServers(), shared, 2)).hasSize(2);
            try (Admin adminB = admin(b)) {
                assertThat(adminB.listTopics().names().get(30, TimeUnit.SECONDS))
                        .contains(shared)
                        .doesNotContain(onlyOnA);
            }

            a.stop();
            produce(b.bootstrapServers(), shared, 1);
            assertThat(consume(b.bootstrapServers(), shared, 3)).hasSize(3);
        }
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothingHalfStarted() throws Exception {
        EmbeddedKafkaBroker broker;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            broker = new EmbeddedKafkaBroker(dataDir, taken.getLocalPort());

            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
            assertThat(broker.isRunning()).isFalse();
        }

        // The port is free again and nothing of the failed attempt is left in the way.
        try (broker) {
            broker.start();
            broker.createTopics(1, uniqueTopic());
        }
    }

    private static String uniqueTopic() {
        return "embedded-it-" + UUID.randomUUID();
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        // The restart test sends through the outage; give the retries room.
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        60_000),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<String> produce(String bootstrap, String topic, int count) throws Exception {
        List<String> values = IntStream.range(0, count)
                .mapToObj(i -> "value-" + UUID.randomUUID())
                .toList();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "u-" + value.hashCode(), value))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        return values;
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "embedded-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
