package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.testkit.KafkaCluster;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The care team over HTTP, as a person and their clinicians use it (contract §8), with the ingest
 * service and two streams instances on a real broker: a person shares with a clinician, who then
 * finds them on their caseload, most urgent first, reads their progress on either instance, is
 * named on their alerts and marks them seen; another clinician reads nothing; every read by
 * someone else is on the audit topic and in the person's access log; and a revocation holds on
 * both instances within the contract's 5 s.
 */
@WithKafka
class CareTeamIT {

    private static final byte[] SECRET = "care-team-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kafka's default keeps a stopped instance's partitions 45 s; not needed here, but keep tests short. */
    private static final Map<String, String> VARIABLES = Map.of("REFLECT_KAFKA_SESSION_TIMEOUT_MS", "10000");

    KafkaCluster kafka;

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    private final String escalating = "u-" + UUID.randomUUID();
    private final String steady = "u-" + UUID.randomUUID();
    private final String loner = "u-" + UUID.randomUUID();
    private final String clinician = "c-" + UUID.randomUUID();
    private final String otherClinician = "c-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> running = new ArrayList<>();
    private IngestApp ingest;
    private QueryClient queryA;
    private QueryClient queryB;

    @BeforeEach
    void start() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        String applicationId = "reflect-care-" + UUID.randomUUID();
        StreamsApp a = StreamsApp.create(
                StreamsApps.config(kafka.bootstrapServers(), VARIABLES, SECRET, applicationId, stateDirA));
        running.add(a::stop);
        a.start();
        StreamsApp b = StreamsApp.create(
                StreamsApps.config(kafka.bootstrapServers(), VARIABLES, SECRET, applicationId, stateDirB));
        running.add(b::stop);
        b.start();
        queryA = new QueryClient(a.port());
        queryB = new QueryClient(b.port());
        ingest = IngestApp.create(new IngestConfig(
                                "127.0.0.1",
                                0,
                                JwtSettings.hs256(SECRET),
                                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                                Duration.ofSeconds(10),
                                RateLimit.OFF)
                        .withQueryUrl(URI.create("http://127.0.0.1:" + a.port())))
                .start();
        running.add(ingest::stop);
        StreamsApps.awaitRunning(a);
        StreamsApps.awaitRunning(b);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aClinicianSeesExactlyThoseWhoShareMostUrgentFirstUntilTheyStop() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // Shared first, then the history: the alert that follows names the clinician.
        assertThat(send("PUT", "/v1/me/sharing/" + clinician, escalating)).isEqualTo(204);
        assertThat(send("PUT", "/v1/me/sharing/" + clinician, steady)).isEqualTo(204);
        assertThat(send("PUT", "/v1/me/sharing/" + clinician, steady))
                .as("sharing again changes nothing")
                .isEqualTo(204);
        checkIn(escalating, now.minusDays(2), "{\"type\":\"CHECKED_DEVICE\",\"count\":2}");
        checkIn(escalating, now.minusDays(1), "{\"type\":\"CHECKED_DEVICE\",\"count\":1}");
        checkIn(steady, now.minusDays(1), "{\"type\":\"WITHDREW\"}");
        checkIn(loner, now.minusDays(1), "{\"type\":\"CHECKED_DEVICE\",\"count\":3}");

        String clinicianToken = DevTokens.mint(SECRET, clinician, true);
        await("both people on the caseload, the escalating one first with an unseen alert, on either instance")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    for (QueryClient query : List.of(queryA, queryB)) {
                        JsonNode people =
                                body(query.get("/v1/caseload", clinicianToken)).path("people");
                        assertThat(people).hasSize(2);
                        assertThat(people.get(0).path("userId").asText()).isEqualTo(escalating);
                        assertThat(people.get(0).path("level").asText()).isEqualTo("HIGH");
                        assertThat(people.get(0).path("unseenAlerts").asInt()).isEqualTo(1);
                        assertThat(people.get(0)
                                        .path("window7d")
                                        .path("checkIns")
                                        .asInt())
                                .isEqualTo(2);
                        assertThat(people.get(1).path("userId").asText()).isEqualTo(steady);
                        assertThat(people.get(1).path("level").asText()).isEqualTo("STEADY");
                    }
                });

        for (QueryClient query : List.of(queryA, queryB)) {
            assertThat(query.get("/v1/users/" + escalating + "/progress?days=7", clinicianToken)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(query.get("/v1/users/" + loner + "/progress?days=7", clinicianToken)
                            .statusCode())
                    .as("someone who shares with nobody")
                    .isEqualTo(403);
            assertThat(query.get(
                                    "/v1/users/" + escalating + "/escalation",
                                    DevTokens.mint(SECRET, otherClinician, true))
                            .statusCode())
                    .as("a clinician the person does not share with")
                    .isEqualTo(403);
        }

        List<JsonNode> alerts = records(Topics.ALERTS.name(), escalating, 1);
        assertThat(alerts.get(0).path("level").asText()).isEqualTo("HIGH");
        assertThat(alerts.get(0).path("notify")).hasSize(1);
        assertThat(alerts.get(0).path("notify").get(0).asText()).isEqualTo(clinician);
        assertThat(records(Topics.ALERTS.name(), loner, 1).get(0).path("notify"))
                .as("nobody to tell about someone who shares with nobody")
                .isEmpty();

        assertThat(queryB.post("/v1/caseload/" + escalating + "/alerts/seen", clinicianToken)
                        .statusCode())
                .isEqualTo(204);
        await("the alert marked seen")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(body(queryA.get("/v1/caseload", clinicianToken))
                                .path("people")
                                .get(0)
                                .path("unseenAlerts")
                                .asInt())
                        .isZero());

        List<JsonNode> audit = records(Topics.AUDIT.name(), escalating, 3);
        assertThat(audit).extracting(record -> record.path("readerId").asText()).contains(clinician, otherClinician);
        assertThat(audit)
                .filteredOn(record -> record.path("readerId").asText().equals(otherClinician))
                .extracting(record -> record.path("outcome").asText())
                .containsOnly("denied");
        String ownToken = DevTokens.mint(SECRET, escalating, false);
        await("the person sees who read their data")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(body(queryA.get("/v1/me/access-log", ownToken))
                                .path("reads")
                                .findValuesAsText("readerId"))
                        .contains(clinician, otherClinician));
        JsonNode sharing =
                JSON.readTree(request("GET", "/v1/me/sharing", escalating).body());
        assertThat(sharing.path("sharingWith").findValuesAsText("clinicianId")).containsExactly(clinician);

        assertThat(send("DELETE", "/v1/me/sharing/" + clinician, escalating)).isEqualTo(204);
        await("the revocation holds on both instances within 5 s")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (QueryClient query : List.of(queryA, queryB)) {
                        assertThat(query.get("/v1/users/" + escalating + "/progress?days=7", clinicianToken)
                                        .statusCode())
                                .isEqualTo(403);
                    }
                });
        await("the person leaves the caseload")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (QueryClient query : List.of(queryA, queryB)) {
                        assertThat(body(query.get("/v1/caseload", clinicianToken))
                                        .path("people")
                                        .findValuesAsText("userId"))
                                .containsExactly(steady);
                    }
                });
    }

    private void checkIn(String userId, OffsetDateTime at, String behavior) {
        String json = """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "triggers":[{"category":"PARTNER_UNRESPONSIVE"}],"behaviors":[%s]}""".formatted(UUID.randomUUID(), at, behavior);
        HttpResponse<String> response = request("POST", "/v1/check-ins", userId, json);
        assertThat(response.statusCode()).as("ingest answer").isEqualTo(202);
    }

    private int send(String method, String path, String userId) {
        return request(method, path, userId).statusCode();
    }

    private HttpResponse<String> request(String method, String path, String userId) {
        return request(method, path, userId, null);
    }

    private HttpResponse<String> request(String method, String path, String userId, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + DevTokens.mint(SECRET, userId, false));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode())
                .as("status of %s", response.uri().getPath())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** At least {@code count} committed records keyed {@code key} on {@code topic}. */
    private List<JsonNode> records(String topic, String key, int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "care-team-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await(count + " records on " + topic)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            if (key.equals(record.key())) {
                                found.add(JSON.readTree(record.value()));
                            }
                        }
                        return found.size() >= count;
                    });
        }
        return found;
    }
}
