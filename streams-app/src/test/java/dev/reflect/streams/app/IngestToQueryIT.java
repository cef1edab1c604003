package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.TestRecords;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole path a client's data takes: check-ins and a journal entry through the real ingest
 * service's HTTP API into Kafka, through the topology, out of the query API.
 */
@WithKafka
class IngestToQueryIT {

    private static final byte[] SECRET = "ingest-to-query-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestApp ingest;
    private StreamsApp streams;
    private QueryClient query;

    @BeforeEach
    void start() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1",
                        0,
                        JwtSettings.hs256(SECRET),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        Duration.ofSeconds(10),
                        RateLimit.OFF))
                .start();
        streams = StreamsApp.create(StreamsApps.config(
                        kafka.bootstrapServers(), SECRET, "reflect-it-" + UUID.randomUUID(), stateDir))
                .start();
        query = new QueryClient(streams.port());
    }

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.stop();
        }
        if (ingest != null) {
            ingest.stop();
        }
    }

    private void submit(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("ingest answer").isEqualTo(202);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventsSubmittedOverHttpShowInTheProgressApiPerLocalDay() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(3);
        LocalDate second = today.minusDays(2);
        // 23:30 at -08:00 is already the next day in UTC; it still belongs to `second`, the user's own date.
        OffsetDateTime lateEvening = OffsetDateTime.of(second, LocalTime.of(23, 30), ZoneOffset.ofHours(-8));
        OffsetDateTime morning = OffsetDateTime.of(first, LocalTime.of(10, 0), ZoneOffset.ofHours(1));
        UUID retried = UUID.randomUUID();

        submit("/v1/check-ins", """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "triggers":[{"category":"PARTNER_UNRESPONSIVE","tiedToPast":true}],
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],
                 "coping":["CHALLENGED_THOUGHT"]}""".formatted(UUID.randomUUID(), morning));
        submit("/v1/journal-entries", """
                {"eventId":"%s","occurredAt":"%s","text":"private words",
                 "thoughtRecord":{"automaticThought":"a","evidenceFor":"b","evidenceAgainst":"c",
                                  "balancedThought":"d","beliefBefore":80,"beliefAfter":35}}""".formatted(UUID.randomUUID(), morning.plusHours(2)));
        String retriedCheckIn = """
                {"eventId":"%s","occurredAt":"%s","context":"FAMILY","distress":8,
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":4},{"type":"WITHDREW"}]}""".formatted(retried, lateEvening);
        submit("/v1/check-ins", retriedCheckIn);
        // A client retry of the same event: counted once.
        submit("/v1/check-ins", retriedCheckIn);

        StreamsApps.awaitRunning(streams);
        // Ready once the consumer group has also confirmed the instance, a check a second apart.
        await("ready")
                .atMost(Duration.ofSeconds(10))
                .until(() -> query.get("/health/ready", null).statusCode() == 200);
        await("the figures of all three events")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    HttpResponse<String> response = query.get("/v1/users/" + userId + "/progress?days=7", token);
                    assertThat(response.statusCode()).isEqualTo(200);
                    JsonNode window = json(response).path("window7d");
                    assertThat(window.path("checkIns").asInt()).isEqualTo(2);
                    assertThat(json(response)
                                    .path("days")
                                    .get(5)
                                    .path("thoughtRecords")
                                    .asInt())
                            .isEqualTo(1);
                });

        JsonNode progress = json(query.get("/v1/users/" + userId + "/progress?days=7", token));
        assertThat(progress.path("userId").asText()).isEqualTo(userId);
        assertThat(progress.path("pseudonym").asText())
                .isEqualTo(Pseudonym.withSecret(StreamsApps.PSEUDONYM_SECRET).of(userId));
        assertThat(progress.path("asOf").asText()).isEqualTo(second.toString());
        JsonNode days = progress.path("days");
        assertThat(days).hasSize(7);
        JsonNode firstDay = days.get(5);
        assertThat(firstDay.path("date").asText()).isEqualTo(first.toString());
        assertThat(firstDay.path("checkIns").asInt()).isEqualTo(1);
        assertThat(firstDay.path("distressAvg").asDouble()).isEqualTo(6.0);
        assertThat(firstDay.path("triggers").path("PARTNER_UNRESPONSIVE").asInt())
                .isEqualTo(1);
        assertThat(firstDay.path("reassuranceAsks").asInt()).isEqualTo(2);
        assertThat(firstDay.path("coping").path("CHALLENGED_THOUGHT").asInt()).isEqualTo(1);
        assertThat(firstDay.path("thoughtRecords").asInt()).isEqualTo(1);
        assertThat(firstDay.path("beliefShiftAvg").asDouble()).isEqualTo(-45.0);
        JsonNode secondDay = days.get(6);
        assertThat(secondDay.path("date").asText()).isEqualTo(second.toString());
        assertThat(secondDay.path("checkIns").asInt()).isEqualTo(1);
        assertThat(secondDay.path("distressAvg").asDouble()).isEqualTo(8.0);
        assertThat(secondDay.path("reassuranceAsks").asInt()).isEqualTo(4);
        assertThat(secondDay.path("behaviors").path("WITHDREW").asInt()).isEqualTo(1);
        assertThat(secondDay.path("triggers")).isEmpty();
        assertThat(days.get(4).path("checkIns").asInt()).isZero();
        JsonNode window = progress.path("window7d");
        assertThat(window.path("reassuranceAsks").asInt()).isEqualTo(6);
        assertThat(window.path("triggers").asInt()).isEqualTo(1);
        assertThat(window.path("copingRatio").asDouble()).isEqualTo(1.0);
        assertThat(window.path("distressAvg").asDouble()).isEqualTo(7.0);
        assertThat(progress.path("baselineWeekly").path("established").asBoolean())
                .isFalse();
        // 6 asks against the stand-in baseline of 2 a week: at least max(5, 2 x 2).
        JsonNode escalation = progress.path("escalation");
        assertThat(escalation.path("level").asText()).isEqualTo("ELEVATED");
        assertThat(escalation.path("rule").asText()).isEqualTo("reassurance_doubled");
        assertThat(escalation.path("since").asText()).isEqualTo(second.toString());

        // What the person wrote reads back, newest first, the retry once, the words as written.
        JsonNode entries = json(query.get("/v1/me/entries", token)).path("entries");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("eventId").asText()).isEqualTo(retried.toString());
        assertThat(entries.get(0).path("type").asText()).isEqualTo("checkin");
        assertThat(entries.get(1).path("type").asText()).isEqualTo("journal");
        assertThat(entries.get(1).path("text").asText()).isEqualTo("private words");
        assertThat(entries.get(1).path("thoughtRecord").path("beliefAfter").asInt())
                .isEqualTo(35);
        assertThat(entries.get(2).path("distress").asInt()).isEqualTo(6);

        HttpResponse<String> mine = query.get("/v1/me/escalation", token);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine).path("level").asText()).isEqualTo("ELEVATED");
        assertThat(json(mine).path("observed").path("reassuranceAsks7d").asInt())
                .isEqualTo(6);
        assertThat(json(mine).path("message").asText()).contains("6");

        // Queries read the store as it is; the alert leaves with the transaction's commit, a moment later.
        await("the alert")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<Alert> alerts = TestRecords.consumeMatching(
                                    kafka.bootstrapServers(),
                                    Topics.ALERTS,
                                    record -> userId.equals(record.key()),
                                    1,
                                    Duration.ofSeconds(10))
                            .stream()
                            .map(ConsumerRecord::value)
                            .toList();
                    assertThat(alerts).singleElement().satisfies(alert -> {
                        assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED);
                        assertThat(alert.previousLevel()).isEqualTo(EscalationLevel.STEADY);
                    });
                });
    }

    @Test
    void aUserWithoutEventsIs404AndOthersAre403() {
        StreamsApps.awaitRunning(streams);
        String clinician = DevTokens.mint(SECRET, "clinician-" + UUID.randomUUID(), true);

        await("a definite answer")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(query.get("/v1/me/progress", token).statusCode())
                                .isEqualTo(404));
        // The unknown person's partition may still be moving here (503, retry); once it answers, 403,
        // never 404: a clinician nobody shares with learns nothing, not even whether the person exists.
        String stranger = "u-" + UUID.randomUUID();
        await("a definite answer for someone else")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .failFast(
                        "the answer told whether the person exists",
                        () -> query.get("/v1/users/" + stranger + "/escalation", clinician)
                                        .statusCode()
                                == 404)
                .untilAsserted(() -> assertThat(query.get("/v1/users/" + stranger + "/escalation", clinician)
                                .statusCode())
                        .isEqualTo(403));
        assertThat(query.get("/v1/users/u-" + UUID.randomUUID() + "/escalation", token)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void metricsIncludeKafkaStreamsAndHttpMetersWithoutRefusedMeters() {
        ListAppender<ILoggingEvent> metricsLog = new ListAppender<>();
        metricsLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceMetrics.class);
        logger.addAppender(metricsLog);
        try {
            StreamsApps.awaitRunning(streams);
            assertThat(query.get("/v1/me/progress", token).statusCode()).isIn(404, 503);

            HttpResponse<String> metrics = query.get("/metrics", null);

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("kafka_stream_")
                    .contains("http_server_requests_seconds")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain(userId);
            // Kafka registers some metric names twice with different tags; none may be dropped silently.
            assertThat(metricsLog.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains(ServiceMetrics.REGISTRATION_FAILED));
        } finally {
            logger.detachAppender(metricsLog);
        }
    }
}
