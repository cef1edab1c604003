package dev.reflect.service.rights;

import dev.reflect.events.ErasureRequest;
import dev.reflect.events.Topics;
import dev.reflect.service.config.KafkaClientConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Asks for a person's erasure (contract section 9): a {@link ErasureRequest} on
 * {@code reflect.erasure-requests.v1}, keyed by their userId, written with Java's default
 * partitioner (the person's partition) and {@code acks=all}. The streams app carries it out within
 * seconds, and the proof appears on {@code reflect.erasures.v1}. Used by {@code DELETE /v1/me} and
 * {@code ./reflect erase}. Thread-safe.
 */
public final class ErasureRequests implements AutoCloseable {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;

    private ErasureRequests(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** A writer of requests; no connection is made before the first request. */
    public static ErasureRequests create(KafkaClientConfig kafka, String clientId) {
        return new ErasureRequests(new KafkaProducer<>(kafka.configure(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId + "-erasure-requests",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                String.valueOf(WRITE_TIMEOUT.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(WRITE_TIMEOUT.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(WRITE_TIMEOUT.toMillis() - 1000),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))));
    }

    /** Writes the request; completes once Kafka acknowledged it, fails when it did not. */
    public CompletableFuture<Void> request(String userId, Instant requestedAt) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        byte[] value = Topics.ERASURE_REQUESTS
                .valueSerde()
                .serializer()
                .serialize(Topics.ERASURE_REQUESTS.name(), new ErasureRequest(requestedAt));
        try {
            // The callback completes `written`, which the caller gets; the send's own future adds nothing.
            var unused = producer.send(
                    new ProducerRecord<>(Topics.ERASURE_REQUESTS.name(), userId, value), (metadata, failure) -> {
                        if (failure == null) {
                            written.complete(null);
                        } else {
                            written.completeExceptionally(failure);
                        }
                    });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
