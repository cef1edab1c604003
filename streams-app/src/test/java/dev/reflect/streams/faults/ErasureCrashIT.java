package dev.reflect.streams.faults;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
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
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.faults.TopicSpans.Span;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.rights.ErasureCrashPoint;
import dev.reflect.streams.rights.RightsStores;
import dev.reflect.streams.state.StateStores;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contract section 9 and issue 13: "an erasure interrupted by a crash completes after restart".
 * The streams app runs as its own JVM ({@code StreamsMain}) and is crashed twice in the middle of
 * one erasure, each time by {@link Runtime#halt} at a named {@link ErasureCrashPoint} armed in that
 * JVM only (no shutdown hook, no commit, no flush: what SIGKILL does):
 * <ol>
 *   <li>{@link ErasureCrashPoint#BEFORE_PROOF}: the first pass has committed (state deleted, keys
 *       destroyed, the erasure recorded in progress), the proof is not written;</li>
 *   <li>restarted on the <em>same</em> state directory with {@link ErasureCrashPoint#AFTER_FIRST_STEP}:
 *       the erasure, restored from the in-progress changelog, is completed again and the JVM halts
 *       after its first step, before the proof;</li>
 *   <li>restarted on a <em>fresh</em> state directory, nothing armed: every store, the in-progress
 *       one too, comes back from its changelog only, and the erasure completes.</li>
 * </ol>
 * Between the crashes the test reads what is committed, so it knows where each crash landed. At
 * the end: every answer about the person is 404, their changelogs and request end in tombstones,
 * their keys are gone and their texts on the input topics no longer open, exactly one proof is
 * committed (the proof and the end of the in-progress record share a transaction), and the other
 * person's data and texts are untouched.
 */
@WithKafka
class ErasureCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureCrashIT.class);
    private static final String SECRET = "erasure-crash-it-secret-0123456789abcdef";
    private static final String PSEUDONYM_SECRET = "erasure-crash-it-pseudonyms-0123456789abcdef";
    /** Contract section 9: within one minute. */
    private static final Duration WITHIN = Duration.ofMinutes(1);

    private static final Duration PROCESS_START = Duration.ofSeconds(90);
    private static final Duration READ = Duration.ofSeconds(60);
    /** A killed member holds its partitions until its session times out: short, so a restart waits seconds. */
    private static final Map<String, String> GROUP_TIMEOUTS = Map.of(
            "REFLECT_KAFKA_SESSION_TIMEOUT_MS", "6000",
            "REFLECT_KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
    /** Every answer a person has about themselves, 200 while they have data, 404 once erased. */
    private static final List<String> ANSWERS =
            List.of("/v1/me/entries", "/v1/me/progress", "/v1/me/escalation", "/v1/me/measures");

    KafkaCluster kafka;

    @TempDir
    Path stateDirs;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Path logDir = Path.of("target", "erasure-crash-it", runId);
    private final String applicationId = "erasure-crash-it-" + runId;
    private final String erased = "u-erased-" + UUID.randomUUID();
    private final String kept = "u-kept-" + UUID.randomUUID();
    private final String marker = "marker-" + UUID.randomUUID();
    private final Pseudonym pseudonyms = Pseudonym.withSecret(PSEUDONYM_SECRET.getBytes(StandardCharsets.UTF_8));
    private final String pseudonym = pseudonyms.of(erased);
    private final String keptPseudonym = pseudonyms.of(kept);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StreamsProcess> processes = new ArrayList<>();
    private IngestApp ingest;
    private TopicSpans spans;
    private KafkaDataKeys keys;

    @BeforeEach
    void start() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        spans = new TopicSpans(kafka.bootstrapServers());
        // The app reads its sources from here on: what other tests left on the shared topics (their
        // erasure requests too, which would reach the armed crash points first) stays out of it.
        spans.startGroupAt(
                applicationId,
                spans.endOffsets(
                        Topics.CHECKINS.name(),
                        Topics.JOURNAL.name(),
                        Topics.MEASURES.name(),
                        Topics.SHARING.name(),
                        Topics.ERASURE_REQUESTS.name()));
        ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1",
                        0,
                        JwtSettings.hs256(SECRET.getBytes(StandardCharsets.UTF_8)),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        Duration.ofSeconds(10),
                        RateLimit.OFF))
                .start();
        // A reader of the key topic of its own, as a backup restored elsewhere would read it.
        keys = KafkaDataKeys.start(
                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                KekSettings.development(),
                "erasure-crash-it-reader",
                10,
                READ);
    }

    @AfterEach
    void stop() {
        processes.forEach(StreamsProcess::close);
        if (ingest != null) {
            ingest.stop();
        }
        if (keys != null) {
            keys.close();
        }
        if (spans != null) {
            spans.close();
        }
    }

    @Test
    void anErasureCrashedTwiceMidwayCompletesAfterRestartAndProvesItselfOnce() {
        StreamsProcess first = start("1-halts-before-proof", stateDirs.resolve("same"), ErasureCrashPoint.BEFORE_PROOF);
        int firstPort = first.awaitQueryPort(PROCESS_START);
        QueryClient query = new QueryClient(firstPort);
        for (String userId : List.of(erased, kept)) {
            write(userId);
        }
        for (String userId : List.of(erased, kept)) {
            await("the entries and measures of a person written")
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(json(query.get("/v1/me/entries", token(userId)))
                                        .path("entries"))
                                .hasSize(2);
                        for (String answer : ANSWERS) {
                            assertThat(query.get(answer, token(userId)).statusCode())
                                    .as(answer)
                                    .isEqualTo(200);
                        }
                    });
        }
        await("the key reader sees the person's data key").atMost(READ).until(() -> keys.keyCount(erased) > 0);

        long asked = System.nanoTime();
        HttpResponse<String> request =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firstPort + "/v1/me"))
                        .header("Authorization", "Bearer " + token(erased))
                        .DELETE());
        assertThat(request.statusCode()).isEqualTo(202);

        // Crash 1 lands after the first pass committed and before the proof.
        assertThat(first.awaitOwnExit(WITHIN))
                .as("exit status of the first process (the armed crash point's, see " + first.log() + ")")
                .isEqualTo(ErasureCrashPoint.HALT_STATUS);
        assertThat(valuesOf(changelog(RightsStores.ERASURES_IN_PROGRESS), erased))
                .as("the erasure recorded in progress, committed")
                .isNotEmpty()
                .last()
                .isNotNull();
        assertThat(valuesOf(changelog(StateStores.USER_STATE), erased))
                .as("the person's state after the first pass")
                .isNotEmpty()
                .last()
                .isNull();
        await("the first pass destroyed the person's keys").atMost(READ).until(() -> keys.keyCount(erased) == 0);
        assertThat(proofs()).as("proofs after crash 1").isEmpty();

        // Crash 2, on the same state directory: the restored erasure's second pass halts after its first step.
        StreamsProcess second =
                start("2-halts-after-first-step", stateDirs.resolve("same"), ErasureCrashPoint.AFTER_FIRST_STEP);
        assertThat(second.awaitOwnExit(PROCESS_START.plus(WITHIN)))
                .as("exit status of the second process (the armed crash point's, see " + second.log() + ")")
                .isEqualTo(ErasureCrashPoint.HALT_STATUS);
        assertThat(valuesOf(changelog(RightsStores.ERASURES_IN_PROGRESS), erased))
                .as("the erasure still in progress after crash 2")
                .isNotEmpty()
                .last()
                .isNotNull();
        assertThat(proofs()).as("proofs after crash 2").isEmpty();

        // A fresh state directory: every store comes back from its changelog alone.
        long restarted = System.nanoTime();
        StreamsProcess third = start("3-fresh-state-dir", stateDirs.resolve("fresh"), null);
        QueryClient restartedQuery = new QueryClient(third.awaitQueryPort(PROCESS_START));
        await("the proof of erasure, after the restart")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !proofs().isEmpty());
        await("every answer about the erased person is 404")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    third.requireAlive();
                    for (String answer : ANSWERS) {
                        assertThat(restartedQuery.get(answer, token(erased)).statusCode())
                                .as(answer)
                                .isEqualTo(404);
                    }
                });
        LOG.info(
                "Erasure proven {} s after the restart, {} s after the request (two crashes in between)",
                (System.nanoTime() - restarted) / 1_000_000_000L,
                (System.nanoTime() - asked) / 1_000_000_000L);

        // Exactly once: the proof and the end of the in-progress record commit together.
        List<ConsumerRecord<byte[], byte[]>> proofs = proofs();
        assertThat(proofs).as("committed proofs of the erasure").hasSize(1);
        String proof = new String(proofs.get(0).value(), StandardCharsets.UTF_8);
        assertThat(proof).contains(pseudonym).doesNotContain(erased);
        assertThat(valuesOf(changelog(RightsStores.ERASURES_IN_PROGRESS), erased))
                .as("the in-progress record ends in a tombstone")
                .isNotEmpty()
                .last()
                .isNull();
        assertThat(valuesOf(Topics.ERASURE_REQUESTS.name(), erased))
                .as("the request ends in a tombstone")
                .isNotEmpty()
                .last()
                .isNull();
        assertThat(valuesOf(changelog(StateStores.USER_STATE), erased))
                .as("the person's state changelog")
                .isNotEmpty()
                .last()
                .isNull();
        assertThat(valuesOf(changelog(MeasureStores.MEASURES), erased))
                .as("the person's measures changelog")
                .isNotEmpty()
                .last()
                .isNull();

        // Their keys are gone for good: every copy of their texts on the input topics stays sealed.
        assertThat(keys.keyCount(erased)).as("data keys of the erased person").isZero();
        assertTextsOpen(Topics.CHECKINS.name(), TextSealer.CHECK_IN_FIELDS);
        assertTextsOpen(Topics.JOURNAL.name(), TextSealer.JOURNAL_FIELDS);

        // The other person is untouched: answers, texts and key.
        assertThat(keys.keyCount(kept)).as("data keys of the kept person").isPositive();
        await("the kept person's answers after the restart")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (String answer : ANSWERS) {
                        assertThat(restartedQuery.get(answer, token(kept)).statusCode())
                                .as(answer)
                                .isEqualTo(200);
                    }
                    JsonNode entries = json(restartedQuery.get("/v1/me/entries", token(kept)))
                            .path("entries");
                    assertThat(entries).hasSize(2);
                    assertThat(entries.toString())
                            .contains(marker + " note " + kept)
                            .contains(marker + " journal " + kept)
                            .contains(marker + " thought " + kept)
                            .doesNotContain("unreadable");
                    // The census puts the kept person's series back from the restored store; not the erased one's.
                    assertThat(restartedQuery.get("/metrics", null).body())
                            .contains(keptPseudonym)
                            .doesNotContain(pseudonym);
                });
    }

    /** On {@code topic}: the erased person's sealed fields no longer open, the kept person's do. */
    private void assertTextsOpen(String topic, List<String> fields) {
        TextSealer texts = new TextSealer(keys);
        int erasedRecords = 0;
        int keptRecords = 0;
        for (ConsumerRecord<byte[], byte[]> record : readAll(topic)) {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            if (!key.equals(erased) && !key.equals(kept)) {
                continue;
            }
            JsonNode opened = texts.open(readTree(record.value()));
            String shown = opened.toString();
            if (key.equals(erased)) {
                erasedRecords++;
                assertThat(shown).as("an erased person's record, opened").doesNotContain(marker);
                assertThat(opened.path("unreadable").toString()).contains(fields.get(0));
            } else {
                keptRecords++;
                assertThat(shown).as("the kept person's record, opened").contains(marker);
            }
        }
        assertThat(erasedRecords).as("the erased person's records on " + topic).isPositive();
        assertThat(keptRecords).as("the kept person's records on " + topic).isPositive();
    }

    private StreamsProcess start(String name, Path stateDir, ErasureCrashPoint crashAt) {
        Map<String, String> variables = new HashMap<>(GROUP_TIMEOUTS);
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, kafka.bootstrapServers());
        variables.put(StreamsAppConfig.HOST_VARIABLE, "127.0.0.1");
        variables.put(StreamsAppConfig.PORT_VARIABLE, "0");
        variables.put(StreamsAppConfig.ADVERTISED_HOST_VARIABLE, "127.0.0.1");
        variables.put(
                StreamsAppConfig.STATE_DIR_VARIABLE, stateDir.toAbsolutePath().toString());
        variables.put(StreamsAppConfig.APPLICATION_ID_VARIABLE, applicationId);
        variables.put(StreamsAppConfig.STANDBY_REPLICAS_VARIABLE, "0");
        variables.put(JwtSettings.SECRET_VARIABLE, SECRET);
        variables.put(Pseudonym.SECRET_VARIABLE, PSEUDONYM_SECRET);
        List<String> options =
                crashAt == null ? List.of() : List.of("-D" + ErasureCrashPoint.PROPERTY + "=" + crashAt.name());
        StreamsProcess process = StreamsProcess.start(name, variables, options, logDir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private String changelog(String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** The committed proofs of this test's erasure on {@code reflect.erasures.v1}. */
    private List<ConsumerRecord<byte[], byte[]>> proofs() {
        return readAll(Topics.ERASURES.name()).stream()
                .filter(record ->
                        record.key() != null && pseudonym.equals(new String(record.key(), StandardCharsets.UTF_8)))
                .toList();
    }

    /** The values of the committed records keyed {@code key} on {@code topic}, in order; null for a tombstone. */
    private List<String> valuesOf(String topic, String key) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(topic)) {
            if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                values.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /**
     * Every committed record on {@code topic}, read to its current end; waits for a crashed
     * process's open transaction to be aborted (its records are then skipped).
     */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return spans.read(topic, new Span(Map.of(), spans.endOffsets(topic)), IsolationLevel.READ_COMMITTED, READ);
    }

    private void write(String userId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        submit(userId, "/v1/check-ins", """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],"note":"%s note %s"}""".formatted(UUID.randomUUID(), now, marker, userId));
        submit(userId, "/v1/journal-entries", """
                {"eventId":"%s","occurredAt":"%s","text":"%s journal %s",
                 "thoughtRecord":{"automaticThought":"%s thought %s","evidenceFor":"%s for %s",
                  "evidenceAgainst":"%s against %s","balancedThought":"%s balanced %s",
                  "beliefBefore":80,"beliefAfter":35}}""".formatted(
                        UUID.randomUUID(),
                        now.plusSeconds(1),
                        marker,
                        userId,
                        marker,
                        userId,
                        marker,
                        userId,
                        marker,
                        userId,
                        marker,
                        userId));
        submit(userId, "/v1/measures", """
                {"eventId":"%s","occurredAt":"%s","instrument":"GAD7","items":[1,1,1,1,1,1,0]}""".formatted(UUID.randomUUID(), now.plusSeconds(2)));
    }

    private static String token(String userId) {
        return DevTokens.mint(SECRET.getBytes(StandardCharsets.UTF_8), userId, false);
    }

    private void submit(String userId, String path, String body) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                        .header("Authorization", "Bearer " + token(userId))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("ingest answer to " + path).isEqualTo(202);
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

    private static JsonNode readTree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
