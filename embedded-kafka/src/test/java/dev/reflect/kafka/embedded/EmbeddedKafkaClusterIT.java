package dev.reflect.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in one JVM behave as a production cluster does: topics get three replicas with
 * {@code min.insync.replicas} 2, an acknowledged write survives its leader's loss, and with two
 * nodes down an {@code acks=all} write is refused rather than acknowledged on one broker.
 */
class EmbeddedKafkaClusterIT {

    private static final String TOPIC = "cluster-it";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dataDir;

    @Test
    void anAcknowledgedWriteSurvivesItsLeaderAndTwoNodesDownRefuseWrites() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().nodes(3).dataDir(dataDir).build().start()) {
            assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            cluster.createTopics(2, TOPIC);
            try (Admin admin = Admin.create(cluster.adminConfig())) {
                TopicDescription description = admin.describeTopics(List.of(TOPIC))
                        .allTopicNames()
                        .get()
                        .get(TOPIC);
                assertThat(description.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                        .all()
                        .get()
                        .values()
                        .iterator()
                        .next();
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            }

            List<String> written = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 0, "k", "before-" + i))
                            .get();
                    written.add("before-" + i);
                }
                int leader = cluster.leaderOf(PARTITION);
                cluster.stop(leader);
                await("a new leader")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> leaderOrMinusOne(cluster) != leader && leaderOrMinusOne(cluster) != -1);
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after-" + i))
                            .get(60, TimeUnit.SECONDS);
                    written.add("after-" + i);
                }

                int second = cluster.leaderOf(PARTITION);
                cluster.stop(second);
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, 0, "k", "refused"))
                                .get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOfAny(NotEnoughReplicasException.class, TimeoutException.class);

                cluster.start(leader);
                cluster.start(second);
            }
            await("all three in sync again")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> cluster.inSyncReplicasOf(PARTITION).equals(Set.of(1, 2, 3)));
            assertThat(values(cluster.bootstrapServers())).containsExactlyElementsOf(written);
        }
    }

    private static int leaderOrMinusOne(EmbeddedKafkaCluster cluster) {
        try {
            return cluster.leaderOf(PARTITION);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Every committed value of partition 0, read with a fresh consumer. */
    private static List<String> values(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
