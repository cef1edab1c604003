package dev.reflect.streams.app;

import dev.reflect.events.Topics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.rights.ErasureLedger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each person was erased, for tools outside the topology that must not bring an erased past
 * back (growing partitions copies the input topics, docs/scaling.md): by userId, the epoch ms of
 * the proof on {@code reflect.erasures.v1} ({@link ErasureLedger}, with the streams app's
 * pseudonym key) or of a request still waiting on {@code reflect.erasure-requests.v1} (the person
 * is as good as erased; the proof may not be written yet), whichever is later; null for someone
 * never erased. Every event received up to that time is the erased past ({@code ErasedPeople}'s
 * rule). Both topics are read to their end before {@link #read} returns; the proofs are followed
 * afterwards. Thread-safe.
 */
public final class ErasureTimes implements Function<String, Long>, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Pseudonym pseudonym;
    private final ErasureLedger ledger;
    private final Map<String, Long> requested;

    private ErasureTimes(Pseudonym pseudonym, ErasureLedger ledger, Map<String, Long> requested) {
        this.pseudonym = pseudonym;
        this.ledger = ledger;
        this.requested = Map.copyOf(requested);
    }

    /**
     * Reads the waiting requests, then the proofs: a request done in between is proven by then,
     * since its proof and its tombstone commit together.
     *
     * @throws ConfigException when either topic cannot be read to its end within {@code timeout}
     */
    public static ErasureTimes read(KafkaClientConfig kafka, Pseudonym pseudonym, Duration timeout) {
        Map<String, Long> requested = pendingRequests(kafka, timeout);
        ErasureLedger ledger = ErasureLedger.start(kafka, "reflect-erasure-times", timeout);
        if (!ledger.caughtUp()) {
            ledger.close();
            throw new ConfigException("Could not read " + Topics.ERASURES.name() + " to its end within " + timeout
                    + ": erased people could not be told apart. Retry.");
        }
        return new ErasureTimes(pseudonym, ledger, requested);
    }

    @Override
    public Long apply(String userId) {
        Long proven = ledger.apply(pseudonym.of(userId));
        Long asked = requested.get(userId);
        if (proven == null || asked == null) {
            return proven == null ? asked : proven;
        }
        return Math.max(proven, asked);
    }

    @Override
    public void close() {
        ledger.close();
    }

    private static Map<String, Long> pendingRequests(KafkaClientConfig kafka, Duration timeout) {
        Map<String, Long> requested = new HashMap<>();
        String topic = Topics.ERASURE_REQUESTS.name();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.configure(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "reflect-erasure-times",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
                if (ends.isEmpty()) {
                    return requested;
                }
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("Could not read " + topic + " to its end within " + timeout
                            + ": erased people could not be told apart. Retry.");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        requested.remove(record.key());
                    } else {
                        requested.put(record.key(), requestedAt(topic, record.value()));
                    }
                }
            }
        }
    }

    /** A request that cannot be read still counts, as of the end of time: never resurrect. */
    private static long requestedAt(String topic, byte[] value) {
        try {
            return Topics.ERASURE_REQUESTS
                    .valueSerde()
                    .deserializer()
                    .deserialize(topic, value)
                    .requestedAt()
                    .toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
