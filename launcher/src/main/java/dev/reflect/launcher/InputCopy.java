package dev.reflect.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.InputTopics;
import dev.reflect.events.Json;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.ErasureTimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies the input topics of one version into those of another with more partitions: the step of
 * growing partitions (docs/scaling.md, "Growing partitions") that moves every person's history to
 * the partition Java's default partitioner gives their userId under the new count.
 *
 * <ul>
 *   <li>Creates the target topics when they do not exist, with the given partition count, the
 *       source's replication factor and the source's own topic settings ({@code retention.ms=-1} on
 *       sharing stays).</li>
 *   <li>Copies each record's key, value, headers and timestamp byte for byte; the producer's default
 *       partitioner places it by its key. Records of one source partition are copied in order, so a
 *       person's records keep their order. Keeping the timestamp keeps each copy's expiry: it ages
 *       out of the new topic when the original would have.</li>
 *   <li>Leaves out every record of an erased person received up to their erasure (the proofs on
 *       {@code reflect.erasures.v1} and the requests still waiting on
 *       {@code reflect.erasure-requests.v1}, both read to their end first): the streams app would
 *       drop them on reading, and a copy would give their data a new life on the new topics.</li>
 *   <li>Remembers how far it got as the consumer group {@code reflect-grow-<from>-to-<to>}, committed
 *       after each batch is acknowledged: run again, it copies only what came since (the writes of
 *       ingest instances that had not yet switched). A crash can copy a batch twice; the streams app
 *       counts an eventId once, and sharing changes are last-writer-wins, so that is harmless.</li>
 * </ul>
 *
 * Each run copies up to the end the source topics had when it started.
 */
public final class InputCopy {

    private static final Duration POLL = Duration.ofMillis(500);

    private InputCopy() {}

    /**
     * What one run did.
     *
     * @param partitions   the target topics' partition count
     * @param copied       records copied, by source topic
     * @param leftOut      records of erased people left out, by source topic
     * @param created      whether this run created the target topics
     */
    public record Result(int partitions, Map<String, Long> copied, Map<String, Long> leftOut, boolean created) {

        public long copiedTotal() {
            return copied.values().stream().mapToLong(Long::longValue).sum();
        }

        public long leftOutTotal() {
            return leftOut.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Copies {@code from} into {@code to}.
     *
     * @param partitions the target's partition count: used to create it, checked against it when it exists
     * @param pseudonym  the streams app's pseudonym key: the erasure proofs name people by it
     * @throws ConfigException when the topics are not as expected or Kafka cannot be reached in {@code timeout}
     */
    public static Result run(
            KafkaClientConfig kafka,
            InputTopics from,
            InputTopics to,
            int partitions,
            Pseudonym pseudonym,
            Duration timeout) {
        if (from.version().equals(to.version())) {
            throw new ConfigException("--from and --to name the same topics (" + from.version() + ")");
        }
        boolean created;
        try (Admin admin = Admin.create(kafka.base())) {
            created = prepare(admin, from, to, partitions, timeout);
        }
        try (ErasureTimes erasures = ErasureTimes.read(kafka, pseudonym, timeout)) {
            return copy(kafka, from, to, partitions, erasures, created, timeout);
        }
    }

    /** Creates the target topics, or checks they have the partition count; true when it created them. */
    private static boolean prepare(Admin admin, InputTopics from, InputTopics to, int partitions, Duration timeout) {
        Map<String, TopicDescription> sources = describe(admin, from.names(), timeout);
        if (sources == null) {
            throw new ConfigException("The source topics " + from.names() + " must exist");
        }
        int sourcePartitions = sources.get(from.checkIns().name()).partitions().size();
        if (partitions <= sourcePartitions) {
            throw new ConfigException("--partitions must be more than the " + sourcePartitions + " partitions of the "
                    + from.version() + " topics");
        }
        Map<String, TopicDescription> targets = describe(admin, to.names(), timeout);
        if (targets != null) {
            for (TopicDescription target : targets.values()) {
                if (target.partitions().size() != partitions) {
                    throw new ConfigException("The topic " + target.name() + " exists with "
                            + target.partitions().size() + " partitions, not " + partitions);
                }
            }
            return false;
        }
        List<NewTopic> topics = new ArrayList<>();
        Map<ConfigResource, Config> configs = await(
                admin.describeConfigs(from.names().stream()
                                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                                .toList())
                        .all(),
                timeout);
        for (String name : from.names()) {
            Map<String, String> own = new HashMap<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    own.put(entry.name(), entry.value());
                }
            }
            short replicas =
                    (short) sources.get(name).partitions().get(0).replicas().size();
            topics.add(new NewTopic(to.counterpart(from, name), partitions, replicas).configs(own));
        }
        await(admin.createTopics(topics).all(), timeout);
        return true;
    }

    /** The topics' descriptions, or null when none of them exists; a partial set is an error. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names, Duration timeout) {
        try {
            return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                for (String name : names) {
                    try {
                        var unused = admin.describeTopics(List.of(name))
                                .allTopicNames()
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        throw new ConfigException("Some of " + names + " exist and some do not: create all or none");
                    } catch (ExecutionException missing) {
                        // Expected for every one of them when none exists.
                    } catch (InterruptedException | TimeoutException other) {
                        throw unreachable(other, timeout);
                    }
                }
                return null;
            }
            throw new ConfigException("Could not describe " + names + ": "
                    + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException | TimeoutException e) {
            throw unreachable(e, timeout);
        }
    }

    private static Result copy(
            KafkaClientConfig kafka,
            InputTopics from,
            InputTopics to,
            int partitions,
            Function<String, Long> erasedAt,
            boolean created,
            Duration timeout) {
        String group = "reflect-grow-" + from.version() + "-to-" + to.version();
        Map<String, Long> copied = new LinkedHashMap<>();
        Map<String, Long> leftOut = new LinkedHashMap<>();
        from.names().forEach(name -> {
            copied.put(name, 0L);
            leftOut.put(name, 0L);
        });
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.configure(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        group,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2_000,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class)));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.configure(Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        group,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class)))) {
            List<TopicPartition> sources = new ArrayList<>();
            for (String name : from.names()) {
                consumer.partitionsFor(name, timeout)
                        .forEach(info -> sources.add(new TopicPartition(name, info.partition())));
            }
            consumer.assign(sources);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(sources, timeout));
            while (!caughtUp(consumer, ends)) {
                List<Future<?>> sent = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    String source = record.topic();
                    if (erased(record, erasedAt)) {
                        leftOut.merge(source, 1L, Long::sum);
                        continue;
                    }
                    sent.add(producer.send(new ProducerRecord<>(
                            to.counterpart(from, source),
                            null,
                            record.timestamp(),
                            record.key(),
                            record.value(),
                            record.headers())));
                    copied.merge(source, 1L, Long::sum);
                }
                producer.flush();
                for (Future<?> ack : sent) {
                    ack.get();
                }
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (TopicPartition partition : sources) {
                    positions.put(partition, new OffsetAndMetadata(consumer.position(partition, timeout)));
                }
                consumer.commitSync(positions, timeout);
            }
            return new Result(partitions, copied, leftOut, created);
        } catch (ExecutionException e) {
            throw new ConfigException(
                    "Kafka refused a copy (" + e.getCause().getClass().getSimpleName()
                            + "); the copied part is committed, run the command again to go on",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted; run the command again to go on", e);
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        return ends.isEmpty();
    }

    /**
     * Whether the record belongs to an erased past: its person was erased (or asked to be) at or
     * after it was received (the streams app's own rule, {@code ErasedPeople}). A record of an
     * erased person whose receivedAt cannot be read is left out too: never resurrect.
     */
    static boolean erased(ConsumerRecord<byte[], byte[]> record, Function<String, Long> erasedAt) {
        if (record.key() == null) {
            return false;
        }
        Long erased = erasedAt.apply(new String(record.key(), StandardCharsets.UTF_8));
        if (erased == null) {
            return false;
        }
        Instant received = receivedAt(record.value());
        return received == null || received.toEpochMilli() <= erased;
    }

    private static Instant receivedAt(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode field = Json.mapper().readTree(value).path("receivedAt");
            return field.isTextual() ? OffsetDateTime.parse(field.asText()).toInstant() : null;
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConfigException(
                    "Kafka refused: " + e.getCause().getClass().getSimpleName() + " ("
                            + e.getCause().getMessage() + ")");
        } catch (InterruptedException | TimeoutException e) {
            throw unreachable(e, timeout);
        }
    }

    private static ConfigException unreachable(Exception e, Duration timeout) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ConfigException("Kafka did not answer within " + timeout + " ("
                + e.getClass().getSimpleName() + "): is the cluster reachable?");
    }
}
