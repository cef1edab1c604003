package dev.reflect.producer.http;

import static dev.reflect.producer.support.IngestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.producer.support.BadRequests;
import dev.reflect.producer.support.BadRequests.BadRequest;
import dev.reflect.producer.support.Bodies;
import dev.reflect.producer.support.InMemoryEventPublisher;
import dev.reflect.producer.support.InMemoryEventPublisher.Mode;
import dev.reflect.producer.support.IngestClient;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The real ingest app in-process on a free port, with Kafka replaced by an in-memory publisher. */
class IngestHttpTest {

    static final byte[] SECRET = "ingest-http-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final InMemoryEventPublisher publisher = new InMemoryEventPublisher();
    private final AtomicBoolean kafkaReady = new AtomicBoolean(true);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final String userId = "u-" + UUID.randomUUID();
    private IngestApp app;
    private IngestClient client;

    static IngestConfig config() {
        return new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256(SECRET),
                KafkaClientConfig.forBootstrapServers("127.0.0.1:1"),
                Duration.ofSeconds(1),
                new RateLimit(60, 5));
    }

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        app = IngestApp.create(config(), publisher, kafkaReady::get, Clock.systemUTC())
                .start();
        client = new IngestClient(app.port());
    }

    @AfterEach
    void stop() {
        app.stop();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        // Whatever each test did, nothing it logged may carry the user id, the note or a token.
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                        .doesNotContain(userId)
                        .doesNotContain(BadRequests.PRIVATE_TEXT)
                        .doesNotContain("I asked three times"));
    }

    private String token() {
        return DevTokens.mint(SECRET, userId, false);
    }

    @Test
    void acceptsACheckInOnceWrittenKeyedByTheTokenSubject() {
        UUID eventId = UUID.randomUUID();
        Instant before = Instant.now();

        HttpResponse<String> response = client.postJson("/v1/check-ins", token(), Bodies.checkIn(eventId));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response).get("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(json(response).get("status").asText()).isEqualTo("accepted");
        assertThat(publisher.published()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.CHECKINS.name());
            assertThat(record.key()).isEqualTo(userId);
            CheckIn checkIn = (CheckIn) record.value();
            assertThat(checkIn.eventId()).isEqualTo(eventId);
            assertThat(checkIn.userId()).isEqualTo(userId);
            assertThat(checkIn.receivedAt()).isBetween(before, Instant.now());
            assertThat(checkIn.distress()).isEqualTo(7);
        });
    }

    @Test
    void acceptsAJournalEntry() {
        UUID eventId = UUID.randomUUID();

        HttpResponse<String> response = client.postJson("/v1/journal-entries", token(), Bodies.journalEntry(eventId));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(publisher.published()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.JOURNAL.name());
            assertThat(record.key()).isEqualTo(userId);
            assertThat(((JournalEntry) record.value()).thoughtRecord().beliefShift())
                    .isEqualTo(-45);
        });
    }

    @Test
    void acceptsAGad7OnceWrittenToTheMeasuresTopicKeyedByTheTokenSubject() {
        UUID eventId = UUID.randomUUID();
        Instant before = Instant.now();

        HttpResponse<String> response = client.postJson("/v1/measures", token(), Bodies.measure(eventId));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(json(response).get("status").asText()).isEqualTo("accepted");
        assertThat(publisher.published()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.MEASURES.name());
            assertThat(record.key()).isEqualTo(userId);
            Measure measure = (Measure) record.value();
            assertThat(measure.eventId()).isEqualTo(eventId);
            assertThat(measure.userId()).isEqualTo(userId);
            assertThat(measure.receivedAt()).isBetween(before, Instant.now());
            assertThat(measure.items()).containsExactly(2, 3, 2, 1, 0, 1, 2);
            assertThat(measure.score()).isEqualTo(11);
        });
    }

    @Test
    void aGad7WithWrongAnswersNamesEachOneAndWritesNothing() {
        HttpResponse<String> response = client.postJson(
                "/v1/measures",
                token(),
                Bodies.measure(UUID.randomUUID(), "[2, 3, 4, 1, \"often\", 1]").replace("GAD7", "GAD-7"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors"))
                .extracting(
                        e -> e.get("field").asText() + ": " + e.get("message").asText())
                .containsExactly(
                        "instrument: must be one of GAD7",
                        "items: must have exactly 7 items",
                        "items[2]: must be between 0 and 3",
                        "items[4]: must be an integer");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aGad7NeedsAToken() {
        assertThat(client.postJson("/v1/measures", null, Bodies.measure(UUID.randomUUID()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aBatchWritesTheValidItemsAndReportsEachInOrder() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        String invalid = Bodies.checkIn(second).replace("\"distress\": 7", "\"distress\": 42");

        HttpResponse<String> response = client.postJson(
                "/v1/check-ins/batch",
                token(),
                Bodies.batch(Bodies.checkIn(first), invalid, Bodies.checkIn(third), "{\"eventId\": \"not-a-uuid\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = json(response).get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("eventId").asText()).isEqualTo(first.toString());
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(0).get("errors")).isEmpty();
        assertThat(results.get(1).get("eventId").asText()).isEqualTo(second.toString());
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).get("errors").get(0).get("field").asText()).isEqualTo("distress");
        assertThat(results.get(2).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(3).get("eventId").isNull()).isTrue();
        assertThat(results.get(3).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(3).get("errors").size()).isGreaterThan(1);
        assertThat(publisher.published())
                .extracting(r -> ((CheckIn) r.value()).eventId())
                .containsExactly(first, third);
        assertThat(publisher.published()).allSatisfy(r -> assertThat(r.key()).isEqualTo(userId));
    }

    @Test
    void aBatchOfOnlyInvalidItemsIsStill200AndWritesNothing() {
        HttpResponse<String> response = client.postJson("/v1/check-ins/batch", token(), Bodies.batch("{}", "[]"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("results"))
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("rejected"));
        assertThat(publisher.published()).isEmpty();
    }

    static Stream<BadRequest> badRequests() {
        return BadRequests.all(SECRET, "u-battery-" + UUID.randomUUID()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesBadRequestsWithAProblemNamingTheField(BadRequest bad) {
        HttpResponse<String> response = client.post(bad.path(), bad.token(), bad.contentType(), bad.body());

        assertThat(response.statusCode()).isEqualTo(bad.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(bad.status());
        assertThat(problem.get("type").asText()).startsWith("urn:reflect:problem:");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (bad.field() != null) {
            assertThat(problem.get("errors"))
                    .anySatisfy(error -> assertThat(error.get("field").asText()).isEqualTo(bad.field()));
        }
        if (bad.status() == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        }
        assertThat(response.body())
                .doesNotContain(BadRequests.PRIVATE_TEXT)
                .doesNotContain("NEIGHBOURLY")
                .doesNotContain("u-other");
        assertThat(publisher.published()).isEmpty();
    }

    /**
     * The JDK's HTTP client writes the whole body before it reads the answer; when the server
     * answered 413 and closed while it was still writing, the client saw a broken pipe instead of
     * the 413 (about 1 request in 13 here). A body a few times over the limit, with a declared
     * length or chunked, is read and thrown away first, so the client reads the 413 every time.
     * Repeated because the lost answer was a race.
     */
    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413EveryTime() throws Exception {
        byte[] oversized = ("{\"note\": \"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + app.port() + "/v1/check-ins");
        for (int round = 0; round < 150; round++) {
            for (boolean chunked : new boolean[] {false, true}) {
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/json")
                        .POST(
                                chunked
                                        ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new java.io.ByteArrayInputStream(oversized))
                                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(oversized))
                        .build();

                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode())
                        .as("round %d, chunked %s", round, chunked)
                        .isEqualTo(413);
            }
        }
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void unknownEnumValuesListTheAllowedOnes() {
        HttpResponse<String> response = client.postJson(
                "/v1/check-ins", token(), Bodies.checkIn(UUID.randomUUID()).replace("\"ROMANTIC\"", "\"NEIGHBOURLY\""));

        assertThat(json(response).get("errors").get(0).get("message").asText())
                .contains("ROMANTIC, FAMILY, FRIENDSHIP, WORK, OTHER");
    }

    @Test
    void everyProblemInABodyIsListed() {
        String body = Bodies.checkIn(UUID.randomUUID())
                .replace("\"distress\": 7", "\"distress\": -1, \"mood\": 2")
                .replace("\"ROMANTIC\"", "\"NEIGHBOURLY\"");

        HttpResponse<String> response = client.postJson("/v1/check-ins", token(), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors"))
                .extracting(e -> e.get("field").asText())
                .contains("distress", "mood", "context");
    }

    @Test
    void aUserOverTheRateLimitGets429WithRetryAfter() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = client.postJson("/v1/check-ins", token(), Bodies.checkIn(UUID.randomUUID()));
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(json(last).get("type").asText()).isEqualTo("urn:reflect:problem:rate-limited");
        assertThat(publisher.published()).hasSize(5);

        String otherUser = DevTokens.mint(SECRET, "u-" + UUID.randomUUID(), false);
        assertThat(client.postJson("/v1/check-ins", otherUser, Bodies.checkIn(UUID.randomUUID()))
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void aWriteKafkaRefusesIs503WithRetryAfterNever202() {
        publisher.mode(Mode.FAIL);

        HttpResponse<String> single = client.postJson("/v1/check-ins", token(), Bodies.checkIn(UUID.randomUUID()));
        HttpResponse<String> batch =
                client.postJson("/v1/check-ins/batch", token(), Bodies.batch(Bodies.checkIn(UUID.randomUUID()), "{}"));

        for (HttpResponse<String> response : java.util.List.of(single, batch)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).get("type").asText()).isEqualTo("urn:reflect:problem:unavailable");
        }
    }

    @Test
    void aWriteNotAcknowledgedWithinTheBoundIs503() {
        publisher.mode(Mode.NEVER_ANSWER);

        HttpResponse<String> response =
                client.postJson("/v1/journal-entries", token(), Bodies.journalEntry(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void readinessFollowsKafkaAndLivenessDoesNot() {
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
        kafkaReady.set(false);
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(client.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountEventsByTypeAndOutcomeAndTimeRequestsByRoute() {
        client.postJson("/v1/check-ins", token(), Bodies.checkIn(UUID.randomUUID()));
        client.postJson("/v1/check-ins/batch", token(), Bodies.batch(Bodies.checkIn(UUID.randomUUID()), "{}"));
        client.postJson("/v1/journal-entries", token(), "{}");
        publisher.mode(Mode.FAIL);
        client.postJson("/v1/journal-entries", token(), Bodies.journalEntry(UUID.randomUUID()));
        publisher.mode(Mode.ACKNOWLEDGE);
        // Another person: this one has used up the rate limit's burst of 5.
        String someoneElse = DevTokens.mint(SECRET, "u-" + UUID.randomUUID(), false);
        client.postJson("/v1/measures", someoneElse, Bodies.measure(UUID.randomUUID()));
        client.postJson("/v1/measures", someoneElse, Bodies.measure(UUID.randomUUID(), "[]"));

        String metrics = client.get("/metrics").body();

        assertThat(metrics)
                .contains("reflect_ingest_events_total{outcome=\"accepted\",type=\"checkin\"} 2.0")
                .contains("reflect_ingest_events_total{outcome=\"rejected\",type=\"checkin\"} 1.0")
                .contains("reflect_ingest_events_total{outcome=\"rejected\",type=\"journal\"} 1.0")
                .contains("reflect_ingest_events_total{outcome=\"failed\",type=\"journal\"} 1.0")
                .contains("reflect_ingest_events_total{outcome=\"failed\",type=\"checkin\"} 0.0")
                .contains("reflect_ingest_events_total{outcome=\"accepted\",type=\"measure\"} 1.0")
                .contains("reflect_ingest_events_total{outcome=\"rejected\",type=\"measure\"} 1.0")
                .contains("http_server_requests_seconds_bucket{method=\"POST\",outcome=\"SUCCESS\",status=\"202\","
                        + "uri=\"/v1/check-ins\"")
                .contains("uri=\"/v1/check-ins/batch\"")
                .contains("jvm_memory_used_bytes")
                .doesNotContain(userId);
    }

    @Test
    void stoppingClosesThePublisher() {
        app.stop();

        assertThat(publisher.isClosed()).isTrue();
    }
}
