package dev.reflect.streams.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Spans of offsets on the shared broker's topics: where a test's input begins and ends, how far a
 * Streams application (its consumer group) has committed through it, and reading back exactly the
 * records one run wrote to an output topic.
 *
 * <p>Under exactly_once_v2 a Streams app commits its input offsets in the same transaction as its
 * output and store changelogs, so committed offsets are a precise measure of how much input its
 * committed output covers.
 */
final class TopicSpans implements AutoCloseable {

    /** Offsets from {@code start} (inclusive) to {@code end} (exclusive), per partition. */
    record Span(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

        long size() {
            return end.entrySet().stream()
                    .mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L))
                    .sum();
        }

        /** The share of this span below {@code committed}: 0 before any progress, 1 when all is committed. */
        double covered(Map<TopicPartition, Long> committed) {
            long done = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                long from = start.getOrDefault(e.getKey(), 0L);
                long at = committed.getOrDefault(e.getKey(), from);
                done += Math.max(0, Math.min(at, e.getValue()) - from);
            }
            long size = size();
            return size == 0 ? 1.0 : (double) done / size;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Admin admin;

    TopicSpans(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The current end (high watermark) of every partition of {@code topics}. */
    Map<TopicPartition, Long> endOffsets(String... topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(Arrays.asList(topics))
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(description -> description
                            .partitions()
                            .forEach(partition -> latest.put(
                                    new TopicPartition(description.name(), partition.partition()),
                                    OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the end offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether any partition of {@code topics} holds records of a transaction not yet committed or
     * aborted: its high watermark is ahead of its last stable offset.
     */
    boolean hasOpenTransactionData(Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(description -> description
                            .partitions()
                            .forEach(partition -> latest.put(
                                    new TopicPartition(description.name(), partition.partition()),
                                    OffsetSpec.latest())));
            var highWatermarks = admin.listOffsets(latest).all().get();
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            return highWatermarks.entrySet().stream()
                    .anyMatch(
                            e -> e.getValue().offset() > stable.get(e.getKey()).offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the records of each partition below its offset in {@code before}. */
    void deleteRecordsBefore(Map<TopicPartition, Long> before) {
        Map<TopicPartition, RecordsToDelete> deletions = before.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue())));
        try {
            admin.deleteRecords(deletions).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not delete the records", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Commits {@code offsets} for a consumer group that has not started yet, as the offset-reset
     * tools do, so that a new Streams application begins there rather than at the earliest offset.
     */
    void startGroupAt(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            admin.alterConsumerGroupOffsets(groupId, commits).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set the group's start offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The group's committed offsets; offsets of transactions still open do not count. */
    Map<TopicPartition, Long> committed(String groupId) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            offsets.put(partition, offset.offset());
                        }
                    });
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the group's committed offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every record of {@code topic} in the span, as a consumer with {@code isolation} sees them:
     * with {@code read_committed}, records of aborted transactions are skipped.
     *
     * @throws AssertionError if the span cannot be read to its end within {@code timeout} (an open
     *                        transaction holds read_committed consumers back)
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Span span, IsolationLevel isolation, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "crash-recovery-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<TopicPartition, Long> end = span.end().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            end.keySet()
                    .forEach(partition -> consumer.seek(partition, span.start().getOrDefault(partition, 0L)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " up to " + end + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
