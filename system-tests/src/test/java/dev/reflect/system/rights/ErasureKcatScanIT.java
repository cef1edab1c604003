package dev.reflect.system.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KafkaDataKeys;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.system.support.ForeignClients;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.People;
import dev.reflect.system.support.Services;
import dev.reflect.system.support.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contract section 9 and issue 13, looked at as an operator or an attacker with broker access
 * would: two people write check-ins with notes and journal entries with thought records, every
 * text holding a marker of its writer; one of them is erased. Then kcat, a client Reflect did not
 * write, lists every topic of the broker ({@code kcat -L}) and reads each one, changelogs and
 * internal topics included, from the beginning to its end ({@code kcat -C -e -q}, aborted
 * transactions too). No marker of either person is there in clear (texts are sealed at ingest),
 * while the kept person's texts still open through the API, and the erased person's sealed
 * records, still on the input topics, no longer open anywhere (their data key is destroyed).
 */
class ErasureKcatScanIT {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureKcatScanIT.class);

    /** Contract section 9: within one minute. */
    private static final Duration WITHIN = Duration.ofMinutes(1);

    /** What follows a person's marker in each of their texts (see {@link #write}). */
    private static final List<String> TEXTS = List.of(
            "note 0", "note 1", "journal", "automaticThought", "evidenceFor", "evidenceAgainst", "balancedThought");

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDir;

    private final byte[] secret = Services.newSecret();
    private final People people = People.of(2, secret);
    private final String erased = people.ids().get(0);
    private final String kept = people.ids().get(1);
    /** A marker per person, in every text they write; unique to this run. */
    private final Map<String, String> markers =
            Map.of(erased, "erased-" + UUID.randomUUID(), kept, "kept-" + UUID.randomUUID());

    private EmbeddedKafkaBroker broker;
    private StreamsApp streams;
    private IngestApp ingest;

    @BeforeEach
    void start() {
        // A broker of its own: kcat scans everything on it, and only this test wrote there.
        broker = EmbeddedKafkaBroker.builder().dataDir(brokerDir).build().start();
        broker.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        streams = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, "reflect-kcat-scan-" + UUID.randomUUID(), stateDir))
                .start();
        ingest = Services.startIngest(broker.bootstrapServers(), jwt, Duration.ofSeconds(10), RateLimit.OFF);
        Services.awaitRunning(streams);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {ingest, streams, broker}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }

    @Test
    void afterAnErasureKcatFindsNoTextOfAnyoneInClearAndTheErasedPersonsTextsNoLongerOpen() {
        Http ingestApi = new Http(ingest.port());
        Http queryApi = new Http(streams.port());
        for (String person : people.ids()) {
            write(ingestApi, person);
        }
        for (String person : people.ids()) {
            await("both people's entries, texts opened")
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        Http.Answer entries = queryApi.get("/v1/me/entries", token(person));
                        assertThat(entries.status()).isEqualTo(200);
                        assertThat(entries.json().path("entries")).hasSize(3);
                        assertEveryText(entries.body(), person);
                    });
        }

        assertThat(queryApi.send("DELETE", "/v1/me", Map.of("Authorization", "Bearer " + token(erased)), null)
                        .status())
                .isEqualTo(202);
        String pseudonym = Pseudonym.withSecret(Services.PSEUDONYM_SECRET).of(erased);
        await("the erasure is done and proven")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(queryApi.get("/v1/me/entries", token(erased)).status())
                            .isEqualTo(404);
                    assertThat(TopicContents.readToEnd(broker.bootstrapServers(), Topics.ERASURES.name()))
                            .anySatisfy(proof -> assertThat(new String(proof.key(), StandardCharsets.UTF_8))
                                    .isEqualTo(pseudonym));
                });

        // kcat reads every topic the broker lists, to its end.
        List<String> topics = ForeignClients.kcatTopics(broker.bootstrapServers());
        assertThat(topics)
                .as("topics kcat lists")
                .contains(Topics.CHECKINS.name(), Topics.JOURNAL.name(), Topics.KEYS.name())
                .anySatisfy(topic -> assertThat(topic).endsWith("-reflect-user-entries-changelog"))
                .anySatisfy(topic -> assertThat(topic).endsWith("-reflect-user-state-changelog"));
        List<String> withMarker = new ArrayList<>();
        Map<String, String> printed = new TreeMap<>();
        long scanStarted = System.nanoTime();
        for (String topic : topics) {
            // ISO-8859-1 keeps every byte as one char: a marker (ASCII) is found wherever its bytes are.
            String read = new String(
                    ForeignClients.kcatReadAll(broker.bootstrapServers(), topic), StandardCharsets.ISO_8859_1);
            printed.put(topic, read);
            for (String marker : markers.values()) {
                if (read.contains(marker)) {
                    withMarker.add(topic + " holds " + (marker.equals(markers.get(erased)) ? "the erased" : "the kept")
                            + " person's text in clear");
                }
            }
        }
        LOG.info(
                "kcat read {} topics in {} ms; bytes printed per topic: {}",
                topics.size(),
                (System.nanoTime() - scanStarted) / 1_000_000,
                printed.entrySet().stream()
                        .map(topic -> topic.getKey() + "=" + topic.getValue().length())
                        .toList());
        assertThat(withMarker).as("plaintext texts kcat found").isEmpty();
        // The scan is not blind: kcat printed every input record (one JSON line each, sealed texts
        // and all), and both people's records on the changelogs of their entries and state.
        for (String input : List.of(Topics.CHECKINS.name(), Topics.JOURNAL.name())) {
            assertThat(printed.get(input).lines().filter(line -> line.contains("\"sealed\"")))
                    .as("records kcat printed from " + input)
                    .hasSize(TopicContents.readToEnd(broker.bootstrapServers(), input)
                            .size());
        }
        for (String store : List.of("-reflect-user-entries-changelog", "-reflect-user-state-changelog")) {
            assertThat(printed.entrySet())
                    .filteredOn(topic -> topic.getKey().endsWith(store))
                    .singleElement()
                    .satisfies(topic ->
                            assertThat(topic.getValue()).contains(erased).contains(kept));
        }

        // The kept person's texts still open through the API; the erased person is gone.
        Http.Answer keptEntries = queryApi.get("/v1/me/entries", token(kept));
        assertThat(keptEntries.status()).isEqualTo(200);
        assertEveryText(keptEntries.body(), kept);
        assertThat(keptEntries.body()).doesNotContain("unreadable");

        // The erased person's sealed records are still on the input topics, and no longer open.
        try (KafkaDataKeys keys = KafkaDataKeys.start(
                KafkaClientConfig.forBootstrapServers(broker.bootstrapServers()),
                KekSettings.development(),
                "kcat-scan-reader",
                10,
                WITHIN)) {
            assertThat(keys.keyCount(erased))
                    .as("data keys of the erased person")
                    .isZero();
            TextSealer texts = new TextSealer(keys);
            int erasedRecords = 0;
            for (String topic : List.of(Topics.CHECKINS.name(), Topics.JOURNAL.name())) {
                for (ConsumerRecord<byte[], byte[]> record :
                        TopicContents.readToEnd(broker.bootstrapServers(), topic)) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    JsonNode stored = readTree(record.value());
                    assertThat(stored.has(TextSealer.SEALED))
                            .as("a record as stored")
                            .isTrue();
                    JsonNode opened = texts.open(stored);
                    if (key.equals(erased)) {
                        erasedRecords++;
                        assertThat(opened.toString()).doesNotContain(markers.get(erased));
                        assertThat(opened.path("unreadable"))
                                .as("fields that no longer open")
                                .isNotEmpty();
                    } else {
                        assertThat(opened.toString()).contains(markers.get(kept));
                    }
                }
            }
            assertThat(erasedRecords)
                    .as("the erased person's records left on the input topics")
                    .isEqualTo(3);
        }
    }

    /** Two check-ins with notes and a journal entry with a full thought record: every text marked. */
    private void write(Http api, String person) {
        String marker = markers.get(person);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        for (int i = 0; i < 2; i++) {
            assertThat(api.postJson("/v1/check-ins", token(person), """
                                    {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":%d,
                                     "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],"note":"%s note %d"}""".formatted(
                                            UUID.randomUUID(), at.plusMinutes(i), 5 + i, marker, i))
                            .status())
                    .as("check-in accepted")
                    .isEqualTo(202);
        }
        assertThat(api.postJson("/v1/journal-entries", token(person), """
                                {"eventId":"%s","occurredAt":"%s","text":"%s journal",
                                 "thoughtRecord":{"automaticThought":"%s automaticThought",
                                  "evidenceFor":"%s evidenceFor","evidenceAgainst":"%s evidenceAgainst",
                                  "balancedThought":"%s balancedThought","beliefBefore":80,"beliefAfter":35}}""".formatted(
                                        UUID.randomUUID(), at.plusMinutes(5), marker, marker, marker, marker, marker))
                        .status())
                .as("journal entry accepted")
                .isEqualTo(202);
    }

    /** The answer holds every text {@code person} wrote, opened. */
    private void assertEveryText(String body, String person) {
        for (String text : TEXTS) {
            assertThat(body).contains(markers.get(person) + " " + text);
        }
    }

    private String token(String person) {
        return people.tokens().get(person);
    }

    private static JsonNode readTree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
