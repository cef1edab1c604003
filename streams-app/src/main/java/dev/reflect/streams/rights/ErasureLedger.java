package dev.reflect.streams.rights;

import dev.reflect.events.Erasure;
import dev.reflect.events.Topics;
import dev.reflect.service.config.KafkaClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every proof of erasure on {@code reflect.erasures.v1}, pseudonym to erasure time, read by a
 * consumer thread of its own from the start and then followed: what lets the aggregator drop an
 * erased person's old events when the input is read again, on a fresh application id too
 * ({@link ErasedPeople}). Not a Kafka Streams global store on purpose: that would make
 * {@code KafkaStreams.start()} block while Kafka is out of reach. {@link #start} instead waits a
 * bounded time for the replica to catch up before the app starts processing. Holds pseudonyms
 * only. Thread-safe.
 */
public final class ErasureLedger implements Function<String, Long>, AutoCloseable {

    static final Duration POLL = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(ErasureLedger.class);

    private final Map<String, Long> erasedAt = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Erasure> erasures = Topics.ERASURES.valueSerde().deserializer();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread follower;
    private volatile boolean closed;

    private ErasureLedger(KafkaClientConfig kafka, String clientId) {
        this.consumer = new KafkaConsumer<>(kafka.configure(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId + "-erasure-ledger",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
        this.follower = new Thread(this::follow, clientId + "-erasure-ledger");
        follower.setDaemon(true);
    }

    /** The ledger, started; returns once it has read the topic to its end, or after {@code catchUp}. */
    public static ErasureLedger start(KafkaClientConfig kafka, String clientId, Duration catchUp) {
        ErasureLedger ledger = new ErasureLedger(kafka, clientId);
        ledger.follower.start();
        try {
            if (!ledger.caughtUp.await(catchUp.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The erasure ledger has not read {} to its end after {}", Topics.ERASURES.name(), catchUp);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ledger;
    }

    /** Whether the ledger has read {@code reflect.erasures.v1} to the end it had when it started. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** When the person of {@code pseudonym} was erased (epoch ms), or null. */
    @Override
    public Long apply(String pseudonym) {
        return erasedAt.get(pseudonym);
    }

    private void follow() {
        while (!closed) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : consumer.partitionsFor(Topics.ERASURES.name(), Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
                if (partitions.isEmpty()) {
                    // No proofs topic yet: nobody was erased.
                    caughtUp.countDown();
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    if (caughtUp.getCount() > 0
                            && end.entrySet().stream().allMatch(p -> consumer.position(p.getKey()) >= p.getValue())) {
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    // Kafka out of reach: start over, the ledger keeps what it read.
                    log.warn(
                            "The erasure ledger lost {}; reading it again: {}",
                            Topics.ERASURES.name(),
                            e.getClass().getName());
                }
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Erasure erasure;
        try {
            erasure = erasures.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return;
        }
        if (erasure != null) {
            erasedAt.merge(record.key(), erasure.erasedAt().toEpochMilli(), Math::max);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
