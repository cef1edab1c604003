package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract section 9 on the real broker: what a person writes is on no topic and no changelog
 * in clear, yet their entries answer shows it as written.
 */
@WithKafka
class SealedTextsIT {

    private static final byte[] SECRET = "sealed-texts-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    /** Unique words in every text this person writes: no copy of them may be found in clear. */
    private final String marker = "marker-" + UUID.randomUUID();

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
                        kafka.bootstrapServers(), SECRET, "reflect-sealed-it-" + UUID.randomUUID(), stateDir))
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

    @Test
    void textsAreCiphertextOnEveryTopicAndPlainInThePersonsEntries() {
        String note = "I checked their phone again " + marker + " note";
        String journalText = "Wrote it down " + marker + " journal";
        String thought = "They must be lying " + marker + " thought";
        String balanced = "A late reply is not a betrayal " + marker + " balanced";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        UUID checkInId = UUID.randomUUID();
        UUID journalId = UUID.randomUUID();
        submit("/v1/check-ins", """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],"note":"%s"}""".formatted(checkInId, now, note));
        submit("/v1/journal-entries", """
                {"eventId":"%s","occurredAt":"%s","text":"%s",
                 "thoughtRecord":{"automaticThought":"%s","balancedThought":"%s","beliefBefore":80,"beliefAfter":40}}""".formatted(journalId, now.plusSeconds(1), journalText, thought, balanced));

        // The person's own entries answer shows every text as written.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> answer = query.get("/v1/me/entries", token);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(json(answer).path("entries")).hasSize(2);
        });
        JsonNode entries = json(query.get("/v1/me/entries", token)).path("entries");
        JsonNode journal = entries.get(0);
        JsonNode checkIn = entries.get(1);
        assertThat(journal.path("eventId").asText()).isEqualTo(journalId.toString());
        assertThat(journal.path("text").asText()).isEqualTo(journalText);
        assertThat(journal.path("thoughtRecord").path("automaticThought").asText())
                .isEqualTo(thought);
        assertThat(journal.path("thoughtRecord").path("balancedThought").asText())
                .isEqualTo(balanced);
        assertThat(journal.path("thoughtRecord").path("beliefAfter").asInt()).isEqualTo(40);
        assertThat(checkIn.path("note").asText()).isEqualTo(note);
        assertThat(checkIn.has("sealed")).isFalse();
        assertThat(checkIn.has("unreadable")).isFalse();

        // Yet every topic and changelog on the broker holds them sealed only.
        Map<String, List<String>> records = everyRecord();
        assertThat(records.keySet())
                .contains(Topics.CHECKINS.name(), Topics.JOURNAL.name(), Topics.KEYS.name())
                .anySatisfy(topic -> assertThat(topic).endsWith("-changelog"));
        assertThat(records.get(Topics.CHECKINS.name()))
                .anySatisfy(value -> assertThat(value).contains(checkInId.toString(), "\"sealed\":{\"note\":"));
        assertThat(records.get(Topics.JOURNAL.name()))
                .anySatisfy(value -> assertThat(value).contains(journalId.toString(), "\"sealed\":{\"text\":"));
        records.forEach((topic, values) -> assertThat(values)
                .as("records of %s", topic)
                .noneSatisfy(value -> assertThat(value).contains(marker)));
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

    /**
     * Every record of every topic on the broker (internal ones aside), key and value as text, read
     * uncommitted: what lies on disk, aborted transactions included.
     */
    private Map<String, List<String>> everyRecord() {
        Map<String, List<String>> records = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_uncommitted",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            Set<String> names = admin.listTopics().names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription topic :
                    admin.describeTopics(names).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
                records.put(topic.name(), new ArrayList<>());
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read every topic in time").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.get(record.topic()).add(text(record.key()) + " " + text(record.value()));
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
