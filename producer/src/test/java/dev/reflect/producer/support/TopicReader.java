package dev.reflect.producer.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one user's records back from a contract topic that other tests write to as well: the
 * whole topic from the beginning, keeping the records keyed by that user, as raw bytes so the
 * test sees exactly what the ingest service wrote.
 */
public final class TopicReader {

    private TopicReader() {}

    /** The user's records, read until {@code done} holds for them; fails after {@code timeout}. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(
            String bootstrapServers,
            String topic,
            String userId,
            Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(mine)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The expected records of the user did not arrive on " + topic + " within "
                            + timeout + "; got " + mine.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (userId.equals(record.key())) {
                        mine.add(record);
                    }
                });
            }
        }
        return mine;
    }

    /** At least {@code count} of the user's records. */
    public static List<ConsumerRecord<String, byte[]>> read(
            String bootstrapServers, String topic, String userId, int count, Duration timeout) {
        return readUntil(bootstrapServers, topic, userId, records -> records.size() >= count, timeout);
    }
}
