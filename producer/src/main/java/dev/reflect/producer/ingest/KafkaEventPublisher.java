package dev.reflect.producer.ingest;

import dev.reflect.events.Topic;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.KafkaClientConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka side of ingest: one idempotent {@code acks=all} producer for both input topics.
 *
 * <p>{@link #publishAll} never blocks its caller. Kafka's {@code send()} can block (for topic
 * metadata while the cluster is unreachable, or for buffer space), so sends run on one sender
 * thread, in the order they were published (a batch stays in order); a request's records go to
 * it as one task and settle one {@link Publication}. A record whose publication is already
 * settled when its turn comes, because the caller's deadline passed, is not sent at all: nobody
 * waits for it, and the client has been told 503.
 *
 * <p>The producer's timeouts are derived from the write bound so that Kafka gives up about when
 * the HTTP answer does, rather than delivering a record long after its client was told 503:
 * <ul>
 *   <li>{@code max.block.ms} = the bound: one blocked {@code send()} holds up the queue for at
 *       most that long;</li>
 *   <li>{@code delivery.timeout.ms} = the bound: an unacknowledged record expires around the
 *       time its request answers 503 (one acknowledged just after is harmless: the eventId makes
 *       the client's retry a duplicate that is counted once);</li>
 *   <li>{@code request.timeout.ms} = the bound minus {@code linger.ms}, which Kafka requires
 *       to fit inside the delivery timeout.</li>
 * </ul>
 * After an outage the producer reconnects by itself, and the idempotent producer re-establishes
 * its sequence state after expired batches, so no restart is needed. Kafka client metrics are
 * bound to the registry and unbound on {@link #close()}.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final long DEFAULT_LINGER_MS = 5;
    private static final long MIN_REQUEST_TIMEOUT_MS = 500;
    /** Records waiting while Kafka blocks; beyond this, new writes fail at once instead of piling up. */
    private static final int MAX_QUEUED_RECORDS = 100_000;

    private final Producer<byte[], byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final ThreadPoolExecutor sender;
    /** Bounds the queue by records, not tasks: a task holds a whole request of up to 500. */
    private final AtomicInteger queuedRecords = new AtomicInteger();

    KafkaEventPublisher(Producer<byte[], byte[]> producer, MeterRegistry registry) {
        this.producer = producer;
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "reflect-kafka-send");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static KafkaEventPublisher create(KafkaClientConfig kafka, Duration writeTimeout, MeterRegistry registry) {
        return new KafkaEventPublisher(new KafkaProducer<>(producerConfig(kafka, writeTimeout)), registry);
    }

    /** The ingest producer's settings; also what the benchmark's raw-producer baseline uses. */
    public static Map<String, Object> producerConfig(KafkaClientConfig kafka, Duration writeTimeout) {
        long bound = writeTimeout.toMillis();
        long linger;
        try {
            linger = Long.parseLong(
                    String.valueOf(kafka.base().getOrDefault(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS)));
        } catch (NumberFormatException e) {
            throw new ConfigException("REFLECT_KAFKA_LINGER_MS must be a number of milliseconds");
        }
        long requestTimeout = Math.min(30_000, bound - linger);
        if (requestTimeout < MIN_REQUEST_TIMEOUT_MS) {
            throw new ConfigException("REFLECT_KAFKA_LINGER_MS must leave at least " + MIN_REQUEST_TIMEOUT_MS
                    + " ms of REFLECT_KAFKA_WRITE_TIMEOUT_MS for the broker to answer");
        }
        // Strings, so that Kafka's own type checks apply (int settings reject a Long).
        return kafka.configure(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                "reflect-ingest",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                String.valueOf(linger),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                String.valueOf(bound),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(bound),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(requestTimeout),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    @Override
    public <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value) {
        return publishAll(topic, key, List.of(value)).completion();
    }

    /**
     * Serializes on the caller's thread (the HTTP threads run in parallel; the sender is one
     * thread), then hands the whole group to the sender as one task.
     */
    @Override
    public <V> Publication publishAll(Topic<String, V> topic, String key, List<V> values) {
        Publication publication = new Publication(values.size());
        if (values.isEmpty()) {
            return publication;
        }
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        Serializer<V> serializer = topic.valueSerde().serializer();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(values.size());
        for (V value : values) {
            records.add(new ProducerRecord<>(topic.name(), keyBytes, serializer.serialize(topic.name(), value)));
        }
        if (queuedRecords.addAndGet(records.size()) > MAX_QUEUED_RECORDS) {
            queuedRecords.addAndGet(-records.size());
            publication.settled(new TimeoutException("too many writes are waiting for Kafka"));
            return publication;
        }
        try {
            sender.execute(() -> {
                try {
                    send(records, publication);
                } finally {
                    queuedRecords.addAndGet(-records.size());
                }
            });
        } catch (RejectedExecutionException e) {
            // Only after close(): the sender takes no more work.
            queuedRecords.addAndGet(-records.size());
            publication.settled(new TimeoutException("the publisher is closed"));
        }
        return publication;
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records, Publication publication) {
        // One callback for the group: Kafka calls it once per record on its I/O thread.
        Callback acknowledged = (metadata, failure) -> publication.settled(failure);
        for (ProducerRecord<byte[], byte[]> record : records) {
            // Checked per record: a blocked send() can outlast the caller's deadline mid-group.
            if (publication.isDone()) {
                return;
            }
            try {
                var unused = producer.send(record, acknowledged); // the callback settles the outcome
            } catch (KafkaException e) {
                // Most failures arrive through the callback; a few (closed or fenced producer) are thrown.
                publication.settled(e);
                return;
            }
        }
    }

    /** Sends what is queued (each still bounded by {@code max.block.ms}), then flushes and closes. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
