package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * Contract section 10 on the real broker: GAD-7 answers through the ingest service's
 * {@code POST /v1/measures}, through the measure track, out of the progress and measures answers
 * and onto the alert topic as one {@code measure_deterioration} alert.
 */
@WithKafka
class MeasuresIngestToQueryIT {

    private static final byte[] SECRET = "measures-ingest-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

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

    private static String gad7(OffsetDateTime at, String items) {
        return """
                {"eventId":"%s","occurredAt":"%s","instrument":"GAD7","items":[%s]}""".formatted(UUID.randomUUID(), at, items);
    }

    @Test
    void aReliableDeteriorationShowsInProgressAndIsAlertedOnce() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        OffsetDateTime firstAt = OffsetDateTime.of(today.minusDays(15), LocalTime.of(9, 0), ZoneOffset.ofHours(1));
        OffsetDateTime laterAt = OffsetDateTime.of(today.minusDays(1), LocalTime.of(9, 0), ZoneOffset.ofHours(1));
        submit("/v1/check-ins", """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":4}""".formatted(UUID.randomUUID(), laterAt));
        // 6 (mild), then 12 (moderate): 6 points up, a reliable deterioration into moderate.
        submit("/v1/measures", gad7(firstAt, "1,1,1,1,1,1,0"));
        String worse = gad7(laterAt, "2,2,2,2,2,1,1");
        submit("/v1/measures", worse);
        // A client retry of the same answers: counted once, alerted once.
        submit("/v1/measures", worse);

        StreamsApps.awaitRunning(streams);
        await("the scores in the progress answer")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    HttpResponse<String> response = query.get("/v1/users/" + userId + "/progress?days=7", token);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(json(response)
                                    .path("measures")
                                    .path("GAD7")
                                    .path("count")
                                    .asInt())
                            .isEqualTo(2);
                });

        JsonNode gad7 = json(query.get("/v1/users/" + userId + "/progress?days=7", token))
                .path("measures")
                .path("GAD7");
        assertThat(gad7.path("latestScore").asInt()).isEqualTo(12);
        assertThat(gad7.path("band").asText()).isEqualTo("moderate");
        assertThat(gad7.path("firstScore").asInt()).isEqualTo(6);
        assertThat(gad7.path("firstBand").asText()).isEqualTo("mild");
        assertThat(gad7.path("change").asText()).isEqualTo("reliable_deterioration");
        assertThat(gad7.path("points").asInt()).isEqualTo(6);

        // The scores over time, for the chart, read as the person themselves.
        HttpResponse<String> mine = query.get("/v1/me/measures", token);
        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode scores = json(mine).path("measures").path("GAD7").path("scores");
        assertThat(scores).hasSize(2);
        assertThat(scores.get(0).path("score").asInt()).isEqualTo(6);
        assertThat(scores.get(1).path("score").asInt()).isEqualTo(12);
        assertThat(scores.get(1).path("band").asText()).isEqualTo("moderate");

        // Another person may not read them: the same rule as progress.
        String stranger = DevTokens.mint(SECRET, "u-" + UUID.randomUUID(), false);
        assertThat(query.get("/v1/users/" + userId + "/measures", stranger).statusCode())
                .isEqualTo(403);
        assertThat(query.get("/v1/users/" + userId + "/progress", stranger).statusCode())
                .isEqualTo(403);

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
                            .filter(alert -> "measure_deterioration".equals(alert.rule()))
                            .toList();
                    assertThat(alerts).singleElement().satisfies(alert -> {
                        assertThat(alert.level()).isEqualTo(EscalationLevel.HIGH);
                        assertThat(alert.message())
                                .contains("from 6 (mild)")
                                .contains("to 12 (moderate)")
                                .doesNotContain(userId);
                    });
                });

        String metrics = query.get("/metrics", null).body();
        assertThat(sample(metrics, "reflect_measures_total", "instrument=\"GAD7\""))
                .isEqualTo(2.0);
        await("the band census")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String scrape = query.get("/metrics", null).body();
                    assertThat(sample(scrape, "reflect_users_gad7_band", "band=\"moderate\""))
                            .isEqualTo(1.0);
                    assertThat(sample(scrape, "reflect_users_gad7_band", "band=\"mild\""))
                            .isEqualTo(0.0);
                    assertThat(scrape).doesNotContain(userId);
                });
    }

    /** The value of the one sample of {@code name} carrying {@code label}; NaN when there is none. */
    private static double sample(String scrape, String name, String label) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }
}
