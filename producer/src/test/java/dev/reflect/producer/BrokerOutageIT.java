package dev.reflect.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.producer.support.Bodies;
import dev.reflect.producer.support.IngestClient;
import dev.reflect.producer.support.TopicReader;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.testkit.FreePorts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away and comes back while the ingest service keeps running. This test stops a
 * broker, so it brings its own instead of the shared one.
 */
class BrokerOutageIT {

    private static final byte[] SECRET = "broker-outage-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Duration WRITE_BOUND = Duration.ofSeconds(2);
    /** Scheduling slack on a busy machine; the point is "about the bound", not "whenever Kafka gives up". */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    private EmbeddedKafkaBroker broker;
    private IngestApp app;
    private IngestClient client;
    private final String userId = "u-" + UUID.randomUUID();

    private void startIngest() {
        IngestConfig config = new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256(SECRET),
                KafkaClientConfig.forBootstrapServers(broker.bootstrapServers()),
                WRITE_BOUND,
                RateLimit.OFF);
        app = IngestApp.create(config).start();
        client = new IngestClient(app.port());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private HttpResponse<String> submitCheckIn(UUID eventId) {
        return client.postJson("/v1/check-ins", DevTokens.mint(SECRET, userId, false), Bodies.checkIn(eventId));
    }

    @Test
    void answers503WithinTheBoundWhileKafkaIsDownAndRecoversWithoutARestart() {
        broker = new EmbeddedKafkaBroker(dataDir, 0).start();
        broker.createTopics(6, Topics.CHECKINS.name(), Topics.JOURNAL.name());
        startIngest();
        assertThat(submitCheckIn(UUID.randomUUID()).statusCode()).isEqualTo(202);
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);

        broker.stop();

        long began = System.nanoTime();
        HttpResponse<String> single = submitCheckIn(UUID.randomUUID());
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(single.statusCode()).isEqualTo(503);
        assertThat(single.headers().firstValue("Retry-After")).isPresent();
        assertThat(single.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(took).isLessThan(WRITE_BOUND.plus(SLACK));

        HttpResponse<String> journal = client.postJson(
                "/v1/journal-entries", DevTokens.mint(SECRET, userId, false), Bodies.journalEntry(UUID.randomUUID()));
        assertThat(journal.statusCode()).isEqualTo(503);

        began = System.nanoTime();
        HttpResponse<String> batch = client.postJson(
                "/v1/check-ins/batch",
                DevTokens.mint(SECRET, userId, false),
                Bodies.batch(Bodies.checkIn(UUID.randomUUID()), Bodies.checkIn(UUID.randomUUID()), "{}"));
        assertThat(batch.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(WRITE_BOUND.plus(SLACK));

        await("readiness turns 503 while Kafka is down")
                .atMost(Duration.ofSeconds(20))
                .until(() -> client.get("/health/ready").statusCode() == 503);

        broker.start();

        await("readiness turns 200 once Kafka is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.get("/health/ready").statusCode() == 200);
        UUID afterOutage = UUID.randomUUID();
        await("submits succeed again, same service instance")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> submitCheckIn(afterOutage).statusCode() == 202);
        assertThat(TopicReader.readUntil(
                        broker.bootstrapServers(),
                        Topics.CHECKINS.name(),
                        userId,
                        mine -> mine.stream()
                                .anyMatch(r ->
                                        new String(r.value(), StandardCharsets.UTF_8).contains(afterOutage.toString())),
                        Duration.ofSeconds(30)))
                .isNotEmpty();
        assertThat(client.postJson(
                                "/v1/journal-entries",
                                DevTokens.mint(SECRET, userId, false),
                                Bodies.journalEntry(UUID.randomUUID()))
                        .statusCode())
                .isEqualTo(202);
    }

    /**
     * A service that has never reached Kafka has no topic metadata, so Kafka's send() blocks for
     * max.block.ms: the answer must still come within the bound, not after it plus the send.
     */
    @Test
    void aServiceStartedBeforeKafkaAnswersWithinTheBoundAndWorksOnceKafkaArrives() {
        broker = new EmbeddedKafkaBroker(dataDir, FreePorts.find());
        startIngest();

        long began = System.nanoTime();
        HttpResponse<String> response = submitCheckIn(UUID.randomUUID());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(WRITE_BOUND.plus(SLACK));
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);

        broker.start();
        broker.createTopics(6, Topics.CHECKINS.name(), Topics.JOURNAL.name());

        await("submits succeed once Kafka is there")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> submitCheckIn(UUID.randomUUID()).statusCode() == 202);
        await("readiness follows")
                .atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/health/ready").statusCode() == 200);
    }
}
