package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The produce-then-consume check every kind of cluster must pass. */
final class RoundTrip {

    private RoundTrip() {}

    static void assertRecordsRoundTrip(KafkaCluster cluster) throws Exception {
        String topic = "testkit-roundtrip-" + UUID.randomUUID();
        cluster.createTopics(3, topic);
        List<String> values = IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList();

        try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "u-" + value, value)).get(30, TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<String, String>> records = TestRecords.consumeAll(
                cluster.bootstrapServers(),
                topic,
                new StringDeserializer(),
                new StringDeserializer(),
                values.size(),
                Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values);
        assertThat(records).allSatisfy(record -> assertThat(record.key()).isEqualTo("u-" + record.value()));
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }
}
