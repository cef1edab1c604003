package dev.reflect.testkit;

import dev.reflect.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Reading what a test's subject wrote to Kafka. */
public final class TestRecords {

    private static final Duration POLL = Duration.ofMillis(100);

    private TestRecords() {}

    /**
     * Reads {@code topicName} from the beginning, as a new consumer group, until at least
     * {@code expectedCount} records have arrived, and returns all records read by then (possibly
     * more than expected: assert the size when "exactly" matters).
     *
     * <p>Only committed records are returned ({@code read_committed}), as the pipeline's own
     * consumers see them: a transaction that a crashed exactly-once app aborted is not output.
     * The deserializers are closed with the consumer.
     *
     * @throws AssertionError if fewer than {@code expectedCount} records arrive within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> consumeAll(
            String bootstrapServers,
            String topicName,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            int expectedCount,
            Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = fromTheBeginning(bootstrapServers, keyDeserializer, valueDeserializer)) {
            consumer.subscribe(List.of(topicName));
            while (records.size() < expectedCount) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Expected at least " + expectedCount + " records on " + topicName
                            + " within " + timeout + ", got " + records.size());
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    /** {@link #consumeAll(String, String, Deserializer, Deserializer, int, Duration)} with the topic's own serdes. */
    public static <K, V> List<ConsumerRecord<K, V>> consumeAll(
            String bootstrapServers, Topic<K, V> topic, int expectedCount, Duration timeout) {
        return consumeAll(
                bootstrapServers,
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                expectedCount,
                timeout);
    }

    /**
     * Reads {@code topic} from the beginning until {@code expectedCount} records matching
     * {@code filter} have arrived, then drains what is left on the topic, and returns the matching
     * records only. For topics other tests write to as well (the contract topics): a test asserts
     * on its own users' records without depending on how many others came before them.
     *
     * @throws AssertionError if fewer than {@code expectedCount} matching records arrive within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> consumeMatching(
            String bootstrapServers,
            Topic<K, V> topic,
            Predicate<ConsumerRecord<K, V>> filter,
            int expectedCount,
            Duration timeout) {
        List<ConsumerRecord<K, V>> matching = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = fromTheBeginning(
                bootstrapServers,
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            boolean drained = false;
            while (!drained) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Expected at least " + expectedCount + " matching records on "
                            + topic.name() + " within " + timeout + ", got " + matching.size());
                }
                ConsumerRecords<K, V> polled = consumer.poll(POLL);
                polled.forEach(record -> {
                    if (filter.test(record)) {
                        matching.add(record);
                    }
                });
                // Once enough have arrived, one empty poll means the rest of the topic was read too,
                // so an "exactly N" assertion also sees a duplicate that came right after.
                drained = matching.size() >= expectedCount && polled.isEmpty();
            }
        }
        return matching;
    }

    /** A consumer of its own group reading committed records from the start, as the pipeline's consumers do. */
    private static <K, V> KafkaConsumer<K, V> fromTheBeginning(
            String bootstrapServers, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString());
        return new KafkaConsumer<>(config, keyDeserializer, valueDeserializer);
    }

    /**
     * Writes {@code records} idempotently with {@code acks=all} and returns once every one is
     * acknowledged, as the ingest service writes: a test's input is on the broker before it looks.
     *
     * @throws IllegalStateException if a record could not be written
     */
    public static <K, V> void produceAll(
            String bootstrapServers,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            List<ProducerRecord<K, V>> records) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keySerializer, valueSerializer)) {
            List<Future<RecordMetadata>> sent =
                    records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> write : sent) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A test record was not written", e.getCause());
        }
    }
}
