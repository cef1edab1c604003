package dev.reflect.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.FaultChecks;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Never 202 for a write that is not durable" and "duplicate eventIds are counted once", under
 * load: the broker is stopped and started again (same ports, same data) while check-ins keep
 * arriving over HTTP at a steady rate, with the streams app running throughout.
 *
 * <p>Every first answer must be 202, 503 or a connection error, and every 202'd check-in must be
 * on the topic once Kafka is back. A 503 promises nothing either way (the write may still land
 * after the bound), so the test then does what a client does with a 503: it re-sends the same
 * eventId until it gets 202. The aggregates must then hold every check-in exactly once per user
 * and local day, the same as counted straight from the input: a 503'd write that landed anyway
 * and its re-send count once.
 */
class BrokerRestartUnderLoadIT {

    private static final int USERS = 12;
    private static final int DAYS = 4;
    private static final int PER_SECOND = 60;
    private static final Duration WRITE_BOUND = Duration.ofSeconds(2);

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDir;

    private final byte[] secret = Services.newSecret();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void everyAcknowledgedCheckInIsCountedExactlyOnceAcrossABrokerRestart() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerDir, 0).start();
        running.add(broker);
        broker.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(broker.bootstrapServers(), jwt, WRITE_BOUND, RateLimit.OFF);
        running.add(ingest);
        StreamsApp streams = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, "reflect-restart-" + UUID.randomUUID(), stateDir))
                .start();
        running.add(streams);
        Services.awaitRunning(streams);

        List<String> users = IntStream.range(0, USERS)
                .mapToObj(i -> "u-" + UUID.randomUUID())
                .toList();
        Map<String, String> tokens = new HashMap<>();
        users.forEach(user -> tokens.put(user, DevTokens.mint(secret, user, false)));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        LoadGenerator load = new LoadGenerator(ingest.port(), n -> {
            String user = users.get(n % USERS);
            return new LoadGenerator.Submission(CheckIns.nth(n, user, DAYS, now), tokens.get(user));
        });
        running.add(load);

        load.start(PER_SECOND);
        await("accepted before the outage").atMost(Duration.ofSeconds(60)).until(() -> load.count(202) >= 150);
        broker.stop();
        long acceptedAtStop = load.count(202);
        await("refused during the outage").atMost(Duration.ofSeconds(60)).until(() -> load.countOtherThan(202) >= 40);
        broker.start();
        await("accepted again after the restart")
                .atMost(Duration.ofSeconds(120))
                .until(() -> load.count(202) >= acceptedAtStop + 150);
        List<Outcome> outcomes = load.stop();

        Map<Integer, Long> firstAnswers = load.statusCounts();
        System.out.printf(
                "Broker restart under load: %d check-ins sent at %d/s, first answers %s "
                        + "(202 accepted, 503 unavailable, -1 connection error)%n",
                outcomes.size(), PER_SECOND, firstAnswers);
        assertThat(firstAnswers.keySet())
                .as("first answers other than 202, 503 or a connection error")
                .isSubsetOf(202, 503, Http.Answer.CONNECTION_ERROR);
        assertThat(firstAnswers.getOrDefault(503, 0L) + firstAnswers.getOrDefault(Http.Answer.CONNECTION_ERROR, 0L))
                .as("requests refused while Kafka was down")
                .isGreaterThanOrEqualTo(40);
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.status() == 503)
                .allSatisfy(outcome -> assertThat(outcome.retryAfter())
                        .as("Retry-After on a 503")
                        .isNotNull());

        Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        FaultChecks.Refusals refusals = FaultChecks.everyAcceptedCheckInIsOnTheTopic(outcomes, kafka);
        FaultChecks.resendTheRefused(
                "Broker restart under load", new Http(ingest.port()), tokens, refusals, outcomes.size(), kafka);

        List<CheckIns> all = outcomes.stream().map(Outcome::checkIn).toList();
        assertThat(new HashSet<>(all.stream().map(CheckIns::eventId).toList())).hasSize(outcomes.size());
        FaultChecks.awaitFiguresEqualTheInput(
                List.of(new Http(streams.port())), users, all, tokens, DAYS, Duration.ofSeconds(120));
        assertThat(streams.isRunning()).isTrue();
    }
}
