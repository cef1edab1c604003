package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KafkaDataKeys;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.state.StateStores;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract section 9, erasure, on the real broker: after {@code DELETE /v1/me} the person is gone
 * from answers, state, metrics and keys within a minute, their texts no longer open anywhere, the
 * proof names them by pseudonym only, and a run over the input from the start does not bring them
 * back. Someone else's data is untouched.
 */
@WithKafka
class ErasureIT {

    private static final byte[] SECRET = "erasure-it-secret-0123456789abcdef-0123".getBytes(StandardCharsets.UTF_8);
    /** Contract section 9: within one minute. */
    private static final Duration WITHIN = Duration.ofMinutes(1);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    @TempDir
    Path replayStateDir;

    private final String erased = "u-erased-" + UUID.randomUUID();
    private final String kept = "u-kept-" + UUID.randomUUID();
    private final String marker = "marker-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestApp ingest;
    private StreamsApp streams;
    private final String applicationId = "reflect-erasure-it-" + UUID.randomUUID();

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
        streams = streams(applicationId, stateDir);
    }

    private StreamsApp streams(String applicationId, Path dir) {
        return StreamsApp.create(StreamsApps.config(kafka.bootstrapServers(), SECRET, applicationId, dir))
                .start();
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

    @Test
    void anErasedPersonIsGoneEverywhereAndStaysGoneOnReplay() throws IOException {
        for (String userId : List.of(erased, kept)) {
            write(userId);
        }
        QueryClient query = new QueryClient(streams.port());
        for (String userId : List.of(erased, kept)) {
            await().atMost(WITHIN)
                    .untilAsserted(() -> assertThat(json(query.get("/v1/me/entries", token(userId)))
                                    .path("entries"))
                            .hasSize(2));
        }
        String pseudonym = Pseudonym.withSecret(StreamsApps.PSEUDONYM_SECRET).of(erased);
        assertThat(query.get("/metrics", null).body()).contains(pseudonym);

        HttpResponse<String> asked =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + streams.port() + "/v1/me"))
                        .header("Authorization", "Bearer " + token(erased))
                        .DELETE());
        assertThat(asked.statusCode()).isEqualTo(202);

        // Within the minute: no answer, no metric series, no proof naming the userId.
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(query.get("/v1/me/entries", token(erased)).statusCode()).isEqualTo(404);
            assertThat(query.get("/v1/me/progress", token(erased)).statusCode()).isEqualTo(404);
            assertThat(query.get("/metrics", null).body()).doesNotContain(pseudonym);
        });
        // Other tests' proofs may come first on the shared topic: this person's, by their pseudonym.
        List<ConsumerRecord<String, String>> proofs = TestRecords.consumeMatching(
                kafka.bootstrapServers(),
                new Topic<>(Topics.ERASURES.name(), Serdes.String(), Serdes.String()),
                proof -> pseudonym.equals(proof.key()),
                1,
                WITHIN);
        assertThat(proofs).anySatisfy(proof -> {
            assertThat(proof.key()).isEqualTo(pseudonym);
            assertThat(proof.value()).contains(pseudonym).doesNotContain(erased);
        });

        // The other person is untouched, texts and all.
        JsonNode keptEntries = json(query.get("/v1/me/entries", token(kept))).path("entries");
        assertThat(keptEntries).hasSize(2);
        assertThat(keptEntries.toString()).contains(marker + " note " + kept);

        // The state changelog ends the erased person with a tombstone.
        assertThat(lastValueOf(changelogOf(StateStores.USER_STATE), erased)).isNull();

        // Every copy of their texts on the input topics is now unreadable; the other person's opens.
        try (KafkaDataKeys keys = KafkaDataKeys.start(
                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                KekSettings.development(),
                "erasure-it-reader",
                10,
                WITHIN)) {
            await().atMost(WITHIN).until(() -> keys.keyCount(erased) == 0);
            TextSealer texts = new TextSealer(keys);
            // The two people's check-ins, whatever other tests left on the shared topic before them.
            List<ConsumerRecord<String, byte[]>> input = TestRecords.consumeMatching(
                    kafka.bootstrapServers(),
                    new Topic<>(Topics.CHECKINS.name(), Serdes.String(), Serdes.ByteArray()),
                    record -> erased.equals(record.key()) || kept.equals(record.key()),
                    2,
                    WITHIN);
            assertThat(input).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(erased, kept);
            for (ConsumerRecord<String, byte[]> record : input) {
                JsonNode opened = texts.open(Json.mapper().readTree(record.value()));
                if (record.key().equals(erased)) {
                    assertThat(opened.has("note")).isFalse();
                    assertThat(opened.path("unreadable").toString()).contains("note");
                } else if (record.key().equals(kept)) {
                    assertThat(opened.path("note").asText()).contains(marker);
                }
            }
        }

        // A run over the input from offset 0, on a fresh application id, does not bring them back.
        streams.stop();
        streams = streams("reflect-erasure-replay-" + UUID.randomUUID(), replayStateDir);
        QueryClient replay = new QueryClient(streams.port());
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(
                                json(replay.get("/v1/me/entries", token(kept))).path("entries"))
                        .hasSize(2));
        // Their partition may still be catching up on the input (503, retry); once it answers, nobody is there.
        await().atMost(WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .failFast(
                        "the erased person came back on replay",
                        () -> replay.get("/v1/me/progress", token(erased)).statusCode() == 200)
                .untilAsserted(() -> {
                    assertThat(replay.get("/v1/me/entries", token(erased)).statusCode())
                            .isEqualTo(404);
                    assertThat(replay.get("/v1/me/progress", token(erased)).statusCode())
                            .isEqualTo(404);
                });
    }

    private String changelogOf(String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** The value of the last record keyed {@code key} on {@code topic}; null when it is a tombstone. */
    private String lastValueOf(String topic, String key) {
        // At least the person's state and its tombstone, read to the end of the topic.
        List<ConsumerRecord<String, byte[]>> records = TestRecords.consumeMatching(
                kafka.bootstrapServers(),
                new Topic<>(topic, Serdes.String(), Serdes.ByteArray()),
                record -> key.equals(record.key()),
                2,
                WITHIN);
        ConsumerRecord<String, byte[]> last = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (key.equals(record.key())) {
                last = record;
            }
        }
        assertThat(last).as("a record of the person on " + topic).isNotNull();
        return last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    private void write(String userId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        submit(userId, "/v1/check-ins", """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],"note":"%s note %s"}""".formatted(UUID.randomUUID(), now, marker, userId));
        submit(userId, "/v1/journal-entries", """
                {"eventId":"%s","occurredAt":"%s","text":"%s journal %s"}""".formatted(UUID.randomUUID(), now.plusSeconds(1), marker, userId));
    }

    private String token(String userId) {
        return DevTokens.mint(SECRET, userId, false);
    }

    private void submit(String userId, String path, String json) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                        .header("Authorization", "Bearer " + token(userId))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as("ingest answer").isEqualTo(202);
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
}
