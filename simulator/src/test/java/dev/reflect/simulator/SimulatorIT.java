package dev.reflect.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Alert;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Measure;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.simulator.ingest.Outcomes;
import dev.reflect.simulator.persona.Persona;
import dev.reflect.simulator.persona.SimulatedUser;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.TestRecords;
import dev.reflect.testkit.WithKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against the real services on a real broker: every event it counted as accepted
 * is on its topic, the escalating personas reach their levels in the query API, and their alerts
 * land on the alerts topic. The ingest service's per-user burst is kept small so seeding meets
 * 429s and has to wait them out.
 */
@WithKafka
class SimulatorIT {

    private static final String SECRET = "simulator-it-secret-0123456789abcdefghijkl";
    private static final byte[] PSEUDONYM_SECRET =
            "simulator-it-pseudonym-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private final String prefix = "sim-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestApp ingest;
    private StreamsApp streams;

    @BeforeEach
    void start() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1",
                        0,
                        JwtSettings.hs256(secret),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        Duration.ofSeconds(10),
                        new RateLimit(60, 3)))
                .start();
        streams = StreamsApp.create(new StreamsAppConfig(
                        "127.0.0.1",
                        0,
                        "127.0.0.1",
                        stateDir,
                        "reflect-simulator-it-" + UUID.randomUUID(),
                        0,
                        JwtSettings.hs256(secret),
                        Optional.of(Pseudonym.withSecret(PSEUDONYM_SECRET)),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        TopologySettings.defaults()))
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
    void everyAcceptedEventIsInKafkaAndTheEscalatingPeopleReachTheirLevels() throws Exception {
        SimulatorOptions options = SimulatorOptions.parse(
                List.of(
                        "--users",
                        "6",
                        "--rate",
                        "4",
                        "--duration",
                        "3s",
                        "--seed",
                        "77",
                        "--user-prefix",
                        prefix,
                        "--secret",
                        SECRET,
                        "--target",
                        "http://127.0.0.1:" + ingest.port()),
                Env.of(Map.of()));
        Set<UUID> acceptedCheckIns = ConcurrentHashMap.newKeySet();
        Set<UUID> acceptedJournal = ConcurrentHashMap.newKeySet();
        Set<UUID> acceptedMeasures = ConcurrentHashMap.newKeySet();
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        List<SimulatedUser> users;
        try (Simulator simulator = new Simulator(
                options,
                new PrintStream(status, true, StandardCharsets.UTF_8),
                (userId, type, eventId) -> (switch (type) {
                            case CHECK_IN -> acceptedCheckIns;
                            case JOURNAL_ENTRY -> acceptedJournal;
                            case MEASURE -> acceptedMeasures;
                        })
                        .add(eventId))) {
            users = simulator.users();
            assertThat(simulator.awaitReady(Duration.ofSeconds(30))).isTrue();
            Simulator.SeedSummary seeded = simulator.seed();
            assertThat(seeded.users()).isEqualTo(6);
            simulator.runLive();

            Outcomes.Snapshot outcomes = simulator.outcomes();
            assertThat(outcomes.rejected()).as("rejected").isZero();
            assertThat(outcomes.failed()).as("failed").isZero();
            assertThat(outcomes.inFlight()).isZero();
            assertThat(outcomes.accepted()).isEqualTo(outcomes.sent()).isGreaterThan(seeded.events());
            assertThat(outcomes.rateLimitedRetries())
                    .as("a burst of 3 cannot take a user's seeding at once")
                    .isPositive();
            assertThat(acceptedCheckIns.size() + acceptedJournal.size() + acceptedMeasures.size())
                    .isEqualTo(outcomes.accepted());
            assertThat(acceptedMeasures)
                    .as("GAD-7 answers, every week or two of each history")
                    .isNotEmpty();
        }
        assertThat(status.toString(StandardCharsets.UTF_8))
                .contains("simulator: seeding done - 6 users")
                .contains("users seeded 6/6")
                .contains("GAD-7 reliably worse (measure_deterioration): ")
                .doesNotContain(SECRET);

        Set<UUID> checkInsOnTopic = TestRecords.consumeMatching(
                        kafka.bootstrapServers(),
                        Topics.CHECKINS,
                        record -> record.key().startsWith(prefix),
                        acceptedCheckIns.size(),
                        Duration.ofSeconds(60))
                .stream()
                .map(ConsumerRecord::value)
                .map(CheckIn::eventId)
                .collect(Collectors.toSet());
        assertThat(checkInsOnTopic).containsAll(acceptedCheckIns);
        Set<UUID> journalOnTopic = TestRecords.consumeMatching(
                        kafka.bootstrapServers(),
                        Topics.JOURNAL,
                        record -> record.key().startsWith(prefix),
                        acceptedJournal.size(),
                        Duration.ofSeconds(60))
                .stream()
                .map(ConsumerRecord::value)
                .map(JournalEntry::eventId)
                .collect(Collectors.toSet());
        assertThat(journalOnTopic).containsAll(acceptedJournal);
        Set<UUID> measuresOnTopic = TestRecords.consumeMatching(
                        kafka.bootstrapServers(),
                        Topics.MEASURES,
                        record -> record.key().startsWith(prefix),
                        acceptedMeasures.size(),
                        Duration.ofSeconds(60))
                .stream()
                .map(ConsumerRecord::value)
                .map(Measure::eventId)
                .collect(Collectors.toSet());
        assertThat(measuresOnTopic).containsAll(acceptedMeasures);

        Map<String, EscalationLevel> intended = new LinkedHashMap<>();
        users.forEach(user -> intended.put(user.userId(), user.persona().intendedLevel()));
        assertThat(intended.values())
                .contains(
                        EscalationLevel.ELEVATED, EscalationLevel.HIGH, EscalationLevel.SEVERE, EscalationLevel.STEADY);
        await("every user at their intended level in the query API")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (SimulatedUser user : users) {
                        HttpResponse<String> answer = get(
                                "/v1/users/" + user.userId() + "/escalation",
                                DevTokens.mint(SECRET.getBytes(StandardCharsets.UTF_8), user.userId(), false));
                        assertThat(answer.statusCode()).as(user.userId()).isEqualTo(200);
                        JsonNode escalation = Json.mapper().readTree(answer.body());
                        assertThat(escalation.path("level").asText())
                                .as(user.userId() + " " + user.persona())
                                .isEqualTo(user.persona().intendedLevel().name());
                        if (user.persona().escalating()) {
                            assertThat(escalation.path("rule").asText())
                                    .isEqualTo(user.persona().intendedRule().orElseThrow());
                        }
                    }
                });

        long escalating =
                users.stream().filter(user -> user.persona().escalating()).count();
        await("the alerts")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<Alert> alerts = TestRecords.consumeMatching(
                                    kafka.bootstrapServers(),
                                    Topics.ALERTS,
                                    record -> record.key().startsWith(prefix),
                                    (int) escalating,
                                    Duration.ofSeconds(10))
                            .stream()
                            .map(ConsumerRecord::value)
                            .toList();
                    // The behaviour ladder's alerts; the measure track's (contract section 10) ride beside them.
                    Map<String, Alert> latest = new LinkedHashMap<>();
                    alerts.stream()
                            .filter(alert -> alert.measure() == null)
                            .forEach(alert -> latest.put(alert.userId(), alert));
                    assertThat(alerts.stream()
                                    .filter(alert -> alert.measure() != null)
                                    .map(alert -> alert.userId() + " " + alert.rule())
                                    .toList())
                            .containsExactlyElementsOf(users.stream()
                                    .filter(user -> user.persona() == Persona.CONTROLLING)
                                    .map(user -> user.userId() + " measure_deterioration")
                                    .toList());
                    assertThat(latest.keySet())
                            .containsExactlyInAnyOrderElementsOf(users.stream()
                                    .filter(user -> user.persona().escalating())
                                    .map(SimulatedUser::userId)
                                    .toList());
                    latest.forEach((userId, alert) ->
                            assertThat(alert.level()).as(userId).isEqualTo(intended.get(userId)));
                });
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + streams.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
