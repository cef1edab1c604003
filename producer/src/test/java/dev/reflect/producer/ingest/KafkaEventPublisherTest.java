package dev.reflect.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.Topics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    @Test
    void theProducerIsDurableAndBoundedByTheWriteTimeout() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of(
                "REFLECT_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "REFLECT_KAFKA_ACKS", "1",
                "REFLECT_KAFKA_ENABLE_IDEMPOTENCE", "false")));

        Map<String, Object> config = KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(5));

        assertThat(config)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.block.ms", "5000")
                .containsEntry("delivery.timeout.ms", "5000")
                .containsEntry("request.timeout.ms", "4995")
                .containsEntry("bootstrap.servers", "127.0.0.1:1");
        // Kafka validates the settings (types, delivery.timeout >= linger + request.timeout) on construction.
        new KafkaProducer<byte[], byte[]>(config).close(Duration.ZERO);
    }

    @Test
    void aLingerThatLeavesNoRoomForTheBrokerIsAStartupError() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of("REFLECT_KAFKA_LINGER_MS", "4800")));

        assertThatThrownBy(() -> KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_KAFKA_LINGER_MS");
        assertThat(KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(10)))
                .containsEntry("linger.ms", "4800");
    }

    /** Kafka's send() blocking (no metadata while the broker is away) must not hold the caller. */
    @Test
    void publishingNeverBlocksAndWritesNobodyWaitsForAreNotSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> sendingThreads = ConcurrentHashMap.newKeySet();
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<byte[], byte[]> record, Callback callback) {
                        sendingThreads.add(Thread.currentThread());
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.send(record, callback);
                    }
                };
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, new SimpleMeterRegistry());

        CompletableFuture<Void> first = publisher.publish(Topics.CHECKINS, "u-1", checkIn());
        CompletableFuture<Void> second = publisher.publish(Topics.CHECKINS, "u-1", checkIn());
        second.completeExceptionally(new TimeoutException("the request gave up"));
        release.countDown();

        assertThat(first).succeedsWithin(Duration.ofSeconds(10));
        publisher.close();
        assertThat(sendingThreads).doesNotContain(Thread.currentThread());
        assertThat(kafka.history()).hasSize(1);
    }

    @Test
    void aGroupIsAcknowledgedOnlyWhenEveryRecordIs() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, new SimpleMeterRegistry());

        Publication publication =
                publisher.publishAll(Topics.CHECKINS, "u-1", List.of(checkIn(), checkIn(), checkIn()));

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 3);
        assertThat(kafka.completeNext()).isTrue();
        assertThat(kafka.completeNext()).isTrue();
        assertThat(publication.completion()).isNotDone();
        assertThat(publication.acknowledged()).isEqualTo(2);
        assertThat(kafka.completeNext()).isTrue();
        assertThat(publication.completion()).succeedsWithin(Duration.ofSeconds(10));
        assertThat(publication.acknowledged()).isEqualTo(3);
        assertThat(kafka.history())
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsOnly("u-1");
        publisher.close();
    }

    @Test
    void oneFailedRecordFailsTheGroup() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, new SimpleMeterRegistry());

        Publication publication = publisher.publishAll(Topics.CHECKINS, "u-1", List.of(checkIn(), checkIn()));

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 2);
        assertThat(kafka.completeNext()).isTrue();
        assertThat(kafka.errorNext(new NetworkException("broker away"))).isTrue();
        assertThat(publication.completion())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NetworkException.class);
        assertThat(publication.acknowledged()).isEqualTo(1);
        publisher.close();
    }

    /** A send() blocked past the caller's deadline must not be followed by the rest of its group. */
    @Test
    void theRestOfAGivenUpGroupIsNotSent() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<byte[], byte[]> record, Callback callback) {
                        blocked.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.send(record, callback);
                    }
                };
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, new SimpleMeterRegistry());

        Publication publication =
                publisher.publishAll(Topics.CHECKINS, "u-1", List.of(checkIn(), checkIn(), checkIn()));
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        publication.completion().completeExceptionally(new TimeoutException("the request gave up"));
        release.countDown();
        publisher.close();

        assertThat(kafka.history()).hasSize(1);
    }

    private static CheckIn checkIn() {
        return new CheckIn(
                UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC),
                Context.WORK,
                3,
                List.of(),
                List.of(),
                List.of(),
                null,
                "u-1",
                Instant.now());
    }
}
