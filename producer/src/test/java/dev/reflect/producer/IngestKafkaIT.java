package dev.reflect.producer;

import static dev.reflect.producer.support.IngestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.producer.support.BadRequests;
import dev.reflect.producer.support.BadRequests.BadRequest;
import dev.reflect.producer.support.Bodies;
import dev.reflect.producer.support.IngestClient;
import dev.reflect.producer.support.TopicReader;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KafkaDataKeys;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The ingest service against a real broker: what goes in over HTTP is what comes out of the topic. */
@WithKafka
class IngestKafkaIT {

    private static final byte[] SECRET = "ingest-kafka-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    KafkaCluster kafka;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final String userId = "u-" + UUID.randomUUID();
    private IngestApp app;
    private IngestClient client;

    @BeforeEach
    void start() {
        logs.start();
        root().addAppender(logs);
        kafka.createTopics(6, Topics.CHECKINS.name(), Topics.JOURNAL.name());
        IngestConfig config = new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256(SECRET),
                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                Duration.ofSeconds(5),
                RateLimit.OFF);
        app = IngestApp.create(config).start();
        client = new IngestClient(app.port());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        root().detachAppender(logs);
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                        .doesNotContain(userId)
                        .doesNotContain(BadRequests.PRIVATE_TEXT)
                        .doesNotContain("I asked three times"));
        // Kafka reuses metric names with other tags, which Prometheus cannot take.
        assertThat(logs.list)
                .noneSatisfy(
                        event -> assertThat(event.getFormattedMessage()).contains(ServiceMetrics.REGISTRATION_FAILED));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String token() {
        return DevTokens.mint(SECRET, userId, false);
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The stored event as the person's entries show it: opened with their data key from {@code reflect.keys.v1}. */
    private JsonNode opened(JsonNode stored) {
        try (KafkaDataKeys keys = KafkaDataKeys.start(
                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                KekSettings.development(),
                "ingest-kafka-it-reader",
                10,
                READ_TIMEOUT)) {
            return new TextSealer(keys).open(stored);
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aCheckInLandsOnTheTopicKeyedByTheTokenSubjectAsTheContractSays() {
        UUID eventId = UUID.randomUUID();
        String body = Bodies.checkIn(eventId);
        Instant before = Instant.now();

        HttpResponse<String> response = client.postJson("/v1/check-ins", token(), body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("eventId").asText()).isEqualTo(eventId.toString());
        ConsumerRecord<String, byte[]> record = TopicReader.read(
                        kafka.bootstrapServers(), Topics.CHECKINS.name(), userId, 1, READ_TIMEOUT)
                .get(0);
        JsonNode sent = tree(body.getBytes(StandardCharsets.UTF_8));
        JsonNode stored = tree(record.value());
        Set<String> expectedFields = fields(sent);
        // The note travels sealed under the person's data key (contract section 9), never in clear.
        expectedFields.remove("note");
        expectedFields.addAll(List.of("userId", "receivedAt", TextSealer.SEALED));
        assertThat(fields(stored)).isEqualTo(expectedFields);
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .doesNotContain(sent.get("note").asText());
        assertThat(stored.get("eventId")).isEqualTo(sent.get("eventId"));
        // The same instant and offset; a sealed record is written anew, so "21:37+01:00" may come back as
        // "21:37:00+01:00".
        assertThat(OffsetDateTime.parse(stored.get("occurredAt").asText()))
                .isEqualTo(OffsetDateTime.parse(sent.get("occurredAt").asText()));
        assertThat(stored.get("context")).isEqualTo(sent.get("context"));
        assertThat(stored.get("distress")).isEqualTo(sent.get("distress"));
        assertThat(stored.get("triggers")).isEqualTo(sent.get("triggers"));
        assertThat(stored.get("coping")).isEqualTo(sent.get("coping"));
        assertThat(opened(stored).get("note")).isEqualTo(sent.get("note"));
        assertThat(stored.get("behaviors").get(0))
                .isEqualTo(sent.get("behaviors").get(0));
        assertThat(stored.get("behaviors").get(1).get("count").asInt())
                .as("count defaults to 1")
                .isEqualTo(1);
        assertThat(stored.get("userId").asText()).isEqualTo(userId);
        assertThat(Instant.parse(stored.get("receivedAt").asText())).isBetween(before, Instant.now());
        // The topic's own serde reads it back as a valid stored check-in.
        assertThat(Topics.CHECKINS
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.CHECKINS.name(), record.value())
                        .eventId())
                .isEqualTo(eventId);
    }

    @Test
    void aJournalEntryLandsOnTheJournalTopic() {
        UUID eventId = UUID.randomUUID();

        assertThat(client.postJson("/v1/journal-entries", token(), Bodies.journalEntry(eventId))
                        .statusCode())
                .isEqualTo(202);

        byte[] value = TopicReader.read(kafka.bootstrapServers(), Topics.JOURNAL.name(), userId, 1, READ_TIMEOUT)
                .get(0)
                .value();
        JsonNode stored = tree(value);
        assertThat(stored.get("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(stored.get("userId").asText()).isEqualTo(userId);
        assertThat(stored.at("/thoughtRecord/beliefAfter").asInt()).isEqualTo(35);
        assertThat(stored.has("receivedAt")).isTrue();
        // Every text is sealed: none is on the topic in clear, and each opens with the person's key.
        JsonNode sent = tree(Bodies.journalEntry(eventId).getBytes(StandardCharsets.UTF_8));
        List<String> texts = List.of(
                sent.get("text").asText(),
                sent.at("/thoughtRecord/automaticThought").asText(),
                sent.at("/thoughtRecord/evidenceFor").asText(),
                sent.at("/thoughtRecord/evidenceAgainst").asText(),
                sent.at("/thoughtRecord/balancedThought").asText());
        assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContain(texts);
        assertThat(fields(stored.get(TextSealer.SEALED)))
                .containsExactlyInAnyOrderElementsOf(TextSealer.JOURNAL_FIELDS);
        JsonNode opened = opened(stored);
        assertThat(opened.get("text")).isEqualTo(sent.get("text"));
        assertThat(opened.get("thoughtRecord")).isEqualTo(sent.get("thoughtRecord"));
    }

    @Test
    void aMixedBatchWritesExactlyTheValidItems() {
        List<UUID> valid = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID invalid = UUID.randomUUID();
        String batch = Bodies.batch(
                Bodies.checkIn(valid.get(0)),
                Bodies.checkIn(invalid).replace("\"CHECKED_DEVICE\"", "\"STALKED\""),
                Bodies.checkIn(valid.get(1)),
                Bodies.checkIn(valid.get(2)));

        HttpResponse<String> response = client.postJson("/v1/check-ins/batch", token(), batch);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        json(response)
                .get("results")
                .forEach(result -> statuses.add(result.get("status").asText()));
        assertThat(statuses).containsExactly("accepted", "rejected", "accepted", "accepted");
        assertThat(json(response).at("/results/1/errors/0/field").asText()).isEqualTo("behaviors[1].type");
        // A marker written after the batch: everything of the batch is on the partition before it.
        UUID marker = UUID.randomUUID();
        assertThat(client.postJson("/v1/check-ins", token(), Bodies.checkIn(marker))
                        .statusCode())
                .isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                kafka.bootstrapServers(),
                Topics.CHECKINS.name(),
                userId,
                mine -> mine.stream().anyMatch(r -> eventIdOf(r).equals(marker)),
                READ_TIMEOUT);
        assertThat(records)
                .extracting(IngestKafkaIT::eventIdOf)
                .containsExactly(valid.get(0), valid.get(1), valid.get(2), marker);
    }

    @Test
    void noBadRequestReachesKafka() {
        String batteryUser = "u-battery-" + UUID.randomUUID();
        for (BadRequest bad : BadRequests.all(SECRET, batteryUser)) {
            HttpResponse<String> response = client.post(bad.path(), bad.token(), bad.contentType(), bad.body());

            assertThat(response.statusCode()).as(bad.name()).isEqualTo(bad.status());
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(bad.name())
                    .hasValue("application/problem+json");
            if (bad.field() != null) {
                assertThat(json(response).get("errors"))
                        .as(bad.name())
                        .anySatisfy(
                                error -> assertThat(error.get("field").asText()).isEqualTo(bad.field()));
            }
        }
        // One good check-in and one good journal entry from the same user, sent last: each topic
        // holds this user's records in order on one partition, so when the marker is there,
        // anything a bad request had written would be there too.
        UUID checkInMarker = UUID.randomUUID();
        UUID journalMarker = UUID.randomUUID();
        String batteryToken = DevTokens.mint(SECRET, batteryUser, false);
        assertThat(client.postJson("/v1/check-ins", batteryToken, Bodies.checkIn(checkInMarker))
                        .statusCode())
                .isEqualTo(202);
        assertThat(client.postJson("/v1/journal-entries", batteryToken, Bodies.journalEntry(journalMarker))
                        .statusCode())
                .isEqualTo(202);

        assertThat(TopicReader.readUntil(
                        kafka.bootstrapServers(),
                        Topics.CHECKINS.name(),
                        batteryUser,
                        mine -> !mine.isEmpty(),
                        READ_TIMEOUT))
                .extracting(IngestKafkaIT::eventIdOf)
                .containsExactly(checkInMarker);
        assertThat(TopicReader.readUntil(
                        kafka.bootstrapServers(),
                        Topics.JOURNAL.name(),
                        batteryUser,
                        mine -> !mine.isEmpty(),
                        READ_TIMEOUT))
                .extracting(IngestKafkaIT::eventIdOf)
                .containsExactly(journalMarker);
    }

    @Test
    void isReadyAndExportsKafkaProducerMetrics() {
        assertThat(client.postJson("/v1/check-ins", token(), Bodies.checkIn(UUID.randomUUID()))
                        .statusCode())
                .isEqualTo(202);

        assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains("kafka_producer_record_send_total")
                .contains("kafka_producer_request_latency_avg")
                .contains("reflect_ingest_events_total{outcome=\"accepted\",type=\"checkin\"} 1.0")
                .contains("http_server_requests_seconds_count")
                .contains("jvm_memory_used_bytes")
                .doesNotContain(userId);
    }

    private static UUID eventIdOf(ConsumerRecord<String, byte[]> record) {
        return UUID.fromString(tree(record.value()).get("eventId").asText());
    }
}
