package dev.reflect.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.query.Forwarding;
import dev.reflect.streams.state.StateStores;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.ChildStreamsApp;
import dev.reflect.system.support.FaultChecks;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.Reference;
import dev.reflect.system.support.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two streams app instances with one standby replica each; one of them, a process of its own, is
 * killed with SIGKILL while check-ins keep arriving over HTTP. The survivor is asked for progress
 * throughout: it must keep answering (200, or 503 while it rebalances), never a 5xx other than
 * that, and never more check-ins for a user than were ever sent (a duplicate would show as more).
 * The killed instance is then restarted on its state directory, and both must answer every
 * user's figures exactly as counted from the input.
 */
class StandbyFailoverIT {

    private static final int USERS = 10;
    private static final int DAYS = 3;
    private static final int PER_SECOND = 40;
    /** How long a killed instance stays in the group; its partitions move to the survivor after it. */
    private static final String SESSION_TIMEOUT_MS = "8000";

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    @TempDir
    Path logs;

    private final byte[] secret = Services.newSecret();
    private final String applicationId = "reflect-failover-" + UUID.randomUUID();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopAll() throws Exception {
        prober.shutdownNow();
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void theSurvivorKeepsAnsweringAndTheRestartedPairAgreesWithTheInput() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerDir, 0).start();
        running.add(broker);
        broker.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(broker.bootstrapServers(), jwt, Duration.ofSeconds(10), RateLimit.OFF);
        running.add(ingest);
        StreamsApp survivor = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(),
                        Map.of("REFLECT_KAFKA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS),
                        jwt,
                        applicationId,
                        stateDirA))
                .start();
        running.add(survivor);
        ChildStreamsApp victim = startVictim(broker, "victim-1.log");
        awaitBothHoldActiveAndStandbyTasks(survivor);

        List<String> users = IntStream.range(0, USERS)
                .mapToObj(i -> "u-" + UUID.randomUUID())
                .toList();
        Map<String, String> tokens = new HashMap<>();
        users.forEach(user -> tokens.put(user, DevTokens.mint(secret, user, false)));
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        users.forEach(user -> sent.put(user, new AtomicInteger()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        LoadGenerator load = new LoadGenerator(ingest.port(), n -> {
            String user = users.get(n % USERS);
            // Counted before it goes out: a response can then never show more than this.
            sent.get(user).incrementAndGet();
            return new LoadGenerator.Submission(CheckIns.nth(n, user, DAYS, now), tokens.get(user));
        });
        running.add(load);
        load.start(PER_SECOND);
        await("every user has check-ins").atMost(Duration.ofSeconds(60)).until(() -> load.count(202) >= 100);
        Http query = new Http(survivor.port());
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> probeStatuses = new ConcurrentHashMap<>();
        AtomicInteger probes = new AtomicInteger();
        AtomicReference<String> phase = new AtomicReference<>("both up");
        Map<String, Integer> lastShown = new ConcurrentHashMap<>();
        long began = System.nanoTime();
        var unused = prober.scheduleAtFixedRate(
                () -> {
                    String user = users.get(probes.getAndIncrement() % USERS);
                    Http.Answer answer =
                            query.get("/v1/users/" + user + "/progress?days=" + (DAYS + 2), tokens.get(user));
                    probeStatuses
                            .computeIfAbsent(answer.status(), status -> new AtomicInteger())
                            .incrementAndGet();
                    if (answer.status() == 200) {
                        int shown = Reference.daysOf(answer.json(), "checkIns").values().stream()
                                .mapToInt(Integer::intValue)
                                .sum();
                        int ever = sent.get(user).get();
                        if (shown > ever) {
                            violations.add("progress showed " + shown + " check-ins of a user sent only " + ever);
                        }
                        lastShown.put(user, shown);
                    } else if (answer.status() != 503) {
                        violations.add(String.format(
                                "%s, %.1f s in: progress of a user with %d check-ins sent, shown with %s "
                                        + "before, answered %d (replica header %s, survivor %s, %s): %s",
                                phase.get(),
                                (System.nanoTime() - began) / 1e9,
                                sent.get(user).get(),
                                lastShown.getOrDefault(user, 0),
                                answer.status(),
                                answer.header(Forwarding.REPLICA_HEADER).orElse("none"),
                                survivor.state(),
                                owner(survivor, user),
                                answer.body()));
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);

        victim.kill();
        phase.set("victim killed");
        long acceptedAtKill = load.count(202);
        // The victim's partitions wait for its session to time out, then move to the survivor,
        // which promotes its standbys: by then it must be running with every task active.
        phase.set("victim killed");
        await("the survivor holds every task")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> survivor.state() == KafkaStreams.State.RUNNING
                        && survivor.kafkaStreams()
                                        .metadataForAllStreamsClients()
                                        .size()
                                == 1);
        phase.set("survivor alone");
        await("check-ins accepted while one instance is down")
                .atMost(Duration.ofSeconds(60))
                .until(() -> load.count(202) >= acceptedAtKill + 100);
        int probesDuringOutage = probes.get();
        phase.set("victim restarting");

        ChildStreamsApp restarted = startVictim(broker, "victim-2.log");
        int restartedPort = restarted.awaitQueryPort();
        awaitBothHoldActiveAndStandbyTasks(survivor);
        phase.set("both up again");
        List<Outcome> outcomes = load.stop();
        prober.shutdownNow();
        assertThat(prober.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Map<Integer, Integer> statuses = new TreeMap<>();
        probeStatuses.forEach((status, count) -> statuses.put(status, count.get()));
        System.out.printf(
                "Standby failover: %d check-ins sent at %d/s, answers %s; %d progress probes of the "
                        + "survivor (%d by the time the victim was restarted), answers %s%n",
                outcomes.size(), PER_SECOND, load.statusCounts(), probes.get(), probesDuringOutage, statuses);
        assertThat(violations).as("wrong answers from the survivor").isEmpty();
        Map<String, Long> unanswered = outcomes.stream()
                .filter(outcome -> outcome.failure() != null)
                .collect(Collectors.groupingBy(Outcome::failure, TreeMap::new, Collectors.counting()));
        assertThat(load.statusCounts().keySet())
                .as("ingest does not depend on the streams app (unanswered, by client exception: %s)", unanswered)
                .containsOnly(202);
        assertThat(statuses.getOrDefault(200, 0)).as("probes answered 200").isPositive();

        List<CheckIns> all = outcomes.stream().map(Outcome::checkIn).toList();
        FaultChecks.awaitFiguresEqualTheInput(
                List.of(query, new Http(restartedPort)), users, all, tokens, DAYS, Duration.ofSeconds(120));
        assertThat(restarted.isAlive()).isTrue();
    }

    /** Where the survivor believes the user's active copy is, for a failure message. */
    private static String owner(StreamsApp survivor, String user) {
        try {
            KeyQueryMetadata metadata = survivor.kafkaStreams()
                    .queryMetadataForKey(
                            StateStores.USER_STATE, user, Serdes.String().serializer());
            return "partition " + metadata.partition() + " active "
                    + (metadata.activeHost().equals(survivor.applicationServer()) ? "here" : "on the other instance")
                    + ", standby "
                    + (metadata.standbyHosts().contains(survivor.applicationServer()) ? "here" : "elsewhere");
        } catch (RuntimeException e) {
            return "owner unknown: " + e.getClass().getSimpleName();
        }
    }

    private ChildStreamsApp startVictim(EmbeddedKafkaBroker broker, String logName) {
        Map<String, String> variables = new HashMap<>();
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, broker.bootstrapServers());
        variables.put(StreamsAppConfig.HOST_VARIABLE, "127.0.0.1");
        variables.put(StreamsAppConfig.PORT_VARIABLE, "0");
        variables.put(StreamsAppConfig.STATE_DIR_VARIABLE, stateDirB.toString());
        variables.put(StreamsAppConfig.APPLICATION_ID_VARIABLE, applicationId);
        variables.put(StreamsAppConfig.STANDBY_REPLICAS_VARIABLE, "1");
        variables.put(JwtSettings.SECRET_VARIABLE, new String(secret, StandardCharsets.UTF_8));
        variables.put(Pseudonym.SECRET_VARIABLE, new String(Services.PSEUDONYM_SECRET, StandardCharsets.UTF_8));
        variables.put("REFLECT_KAFKA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        ChildStreamsApp child = ChildStreamsApp.start(variables, logs.resolve(logName));
        running.add(child);
        return child;
    }

    private static void awaitBothHoldActiveAndStandbyTasks(StreamsApp survivor) {
        await("both instances hold active and standby tasks")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    KafkaStreams streams = survivor.kafkaStreams();
                    return survivor.state() == KafkaStreams.State.RUNNING
                            && streams.metadataForAllStreamsClients().size() == 2
                            && streams.metadataForLocalThreads().stream()
                                            .mapToLong(t -> t.activeTasks().size())
                                            .sum()
                                    > 0
                            && streams.metadataForLocalThreads().stream()
                                            .mapToLong(t -> t.standbyTasks().size())
                                            .sum()
                                    > 0;
                });
    }
}
