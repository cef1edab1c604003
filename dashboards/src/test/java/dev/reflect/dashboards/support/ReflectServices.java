package dev.reflect.dashboards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import dev.reflect.testkit.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The two real services started in-process on the test's Kafka cluster, each on a port the
 * system picked: the ingest service and the streams app with its query API. Close it to stop
 * both.
 */
public final class ReflectServices implements AutoCloseable {

    private static final byte[] JWT_SECRET =
            "dashboards-it-jwt-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PSEUDONYM_SECRET =
            "dashboards-it-pseudonym-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bootstrapServers;
    private final IngestApp ingest;
    private final StreamsApp streams;

    private ReflectServices(String bootstrapServers, IngestApp ingest, StreamsApp streams) {
        this.bootstrapServers = bootstrapServers;
        this.ingest = ingest;
        this.streams = streams;
    }

    public static ReflectServices start(KafkaCluster kafka, Path stateDir) {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        KafkaClientConfig client = KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers());
        IngestApp ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1", 0, JwtSettings.hs256(JWT_SECRET), client, Duration.ofSeconds(10), RateLimit.OFF))
                .start();
        StreamsApp streams;
        try {
            streams = StreamsApp.create(new StreamsAppConfig(
                            "127.0.0.1",
                            0,
                            "127.0.0.1",
                            stateDir,
                            "reflect-dashboards-it-" + UUID.randomUUID(),
                            0,
                            JwtSettings.hs256(JWT_SECRET),
                            Optional.of(Pseudonym.withSecret(PSEUDONYM_SECRET)),
                            client,
                            TopologySettings.defaults()))
                    .start();
        } catch (RuntimeException e) {
            ingest.stop();
            throw e;
        }
        ReflectServices services = new ReflectServices(kafka.bootstrapServers(), ingest, streams);
        try {
            await("Kafka Streams RUNNING")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        } catch (RuntimeException | AssertionError e) {
            services.close();
            throw e;
        }
        return services;
    }

    public int ingestPort() {
        return ingest.port();
    }

    public int queryPort() {
        return streams.port();
    }

    /** The pseudonym the services label {@code userId}'s series with. */
    public static String pseudonymOf(String userId) {
        return Pseudonym.withSecret(PSEUDONYM_SECRET).of(userId);
    }

    public static String tokenFor(String userId) {
        return DevTokens.mint(JWT_SECRET, userId, false);
    }

    /** A check-in {@code minutesAgo} before now, as a client app sends it; asserts the 202. */
    public void checkIn(String userId, long minutesAgo, String behaviorsJson) {
        OffsetDateTime occurredAt = OffsetDateTime.now(ZoneOffset.ofHours(1))
                .minusMinutes(minutesAgo)
                .truncatedTo(ChronoUnit.SECONDS);
        String body = """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "triggers":[{"category":"PARTNER_UNRESPONSIVE","tiedToPast":true}],
                 "behaviors":%s,
                 "coping":["CHALLENGED_THOUGHT"]}""".formatted(UUID.randomUUID(), occurredAt, behaviorsJson);
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingestUri("/v1/check-ins"))
                .header("Authorization", "Bearer " + tokenFor(userId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("ingest answer to a check-in").isEqualTo(202);
    }

    /** A journal entry with a thought record, now; asserts the 202. */
    public void journalEntry(String userId) {
        String body = """
                {"eventId":"%s","occurredAt":"%s","text":"private words",
                 "thoughtRecord":{"automaticThought":"a","evidenceFor":"b","evidenceAgainst":"c",
                                  "balancedThought":"d","beliefBefore":80,"beliefAfter":35}}""".formatted(
                        UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingestUri("/v1/journal-entries"))
                .header("Authorization", "Bearer " + tokenFor(userId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("ingest answer to a journal entry").isEqualTo(202);
    }

    /** A body the ingest service must refuse (400), so the rejected outcome has a sample. */
    public void invalidCheckIn(String userId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingestUri("/v1/check-ins"))
                .header("Authorization", "Bearer " + tokenFor(userId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"distress\":11}")));
        assertThat(response.statusCode()).isEqualTo(400);
    }

    /**
     * A record that is not JSON, written straight to the check-ins topic as a misbehaving writer
     * would: the streams app dead-letters it as {@code not-json}.
     */
    public void deadLetter(String userId) {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKINS.name(),
                            userId.getBytes(StandardCharsets.UTF_8),
                            "not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The dead-letter test record was not written", e);
        }
    }

    public HttpResponse<String> query(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET());
    }

    public String ingestMetrics() {
        return metrics(ingestPort());
    }

    public String streamsMetrics() {
        return metrics(queryPort());
    }

    private String metrics(int port) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private URI ingestUri(String path) {
        return URI.create("http://127.0.0.1:" + ingestPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            streams.stop();
        } finally {
            ingest.stop();
        }
    }
}
