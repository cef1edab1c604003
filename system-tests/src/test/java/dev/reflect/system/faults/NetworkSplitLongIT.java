package dev.reflect.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.query.Forwarding;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.FaultChecks;
import dev.reflect.system.support.FaultCluster;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.People;
import dev.reflect.system.support.Reference;
import dev.reflect.system.support.Services;
import dev.reflect.testkit.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network that splits while every process stays alive. Two streams instances, A and B, with a
 * standby replica each, share the work on a three-node cluster (TLS and SASL/SCRAM); check-ins
 * arrive over HTTP throughout. TCP proxies ({@link TcpProxy}) sit on two paths:
 * <ul>
 *   <li>between B and every broker: B bootstraps through a listener the brokers advertise at the
 *       proxies' addresses, so all of B's Kafka traffic takes that path and nobody else's does;</li>
 *   <li>between A and B: each advertises its query API ({@code application.server}) on 127.0.0.2,
 *       where a proxy forwards to the real port on 127.0.0.1, so the instances reach each other
 *       only through the proxies, while the test reaches both directly.</li>
 * </ul>
 * First B is cut off from the brokers for longer than its session, so A takes its partitions
 * over; then that heals, and A and B are cut off from each other. Both are asked for every user's
 * progress every 100 ms meanwhile, and must answer 200 or 503, never a wrong 404. Once A holds
 * every task while B is cut off, and while A and B are apart, an answer that says it comes from an
 * active copy ({@code Reflect-Replica: active}) must never show fewer check-ins for a user than
 * an answer given before it in that phase: that would be stale figures presented as current. (A
 * standby's answer says so and may lag.) After healing, both must answer the input's figures,
 * and the alerts topic must hold exactly one alert per level change.
 */
class NetworkSplitLongIT {

    private static final int USERS = 10;
    private static final int DAYS = 3;
    private static final int PER_SECOND = 30;
    private static final String SPLIT_LISTENER = "SPLIT";
    private static final String PEER_HOST = "127.0.0.2";
    private static final String SESSION_TIMEOUT_MS = "8000";
    private static final String A_ALONE = "B cut off, A holding every task";
    private static final String APART = "A and B cut off from each other";
    /**
     * Where an active answer showing fewer check-ins than one given before it in the same phase is
     * stale figures presented as current. Not while partitions move: at a take-over the new owner
     * restores the last commit, and Kafka Streams' interactive queries had shown the old owner's
     * uncommitted state (see docs/reliability.md).
     */
    private static final Set<String> STALENESS_CHECKED = Set.of(A_ALONE, APART);

    @TempDir
    Path dir;

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    private final byte[] secret = Services.newSecret();
    private final String applicationId = "reflect-split-" + UUID.randomUUID();
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
    void anIsolatedInstanceNeverPresentsStaleFiguresAndBothAgreeWithTheInputAfterHealing() throws Exception {
        AtomicReference<EmbeddedKafkaCluster> cluster = new AtomicReference<>();
        Map<Integer, TcpProxy> brokerProxies = new TreeMap<>();
        for (int node = 1; node <= 3; node++) {
            int nodeId = node;
            TcpProxy proxy = TcpProxy.to(() -> cluster.get().listenerPort(SPLIT_LISTENER, nodeId));
            running.add(proxy);
            brokerProxies.put(nodeId, proxy);
        }
        FaultCluster kafka = FaultCluster.start(
                dir,
                applicationId,
                new FaultCluster.Options()
                        .listener(
                                SPLIT_LISTENER,
                                nodeId -> brokerProxies.get(nodeId).port()));
        running.add(0, kafka);
        cluster.set(kafka.nodes());
        String viaProxies = brokerProxies.values().stream()
                .map(proxy -> "127.0.0.1:" + proxy.port())
                .collect(Collectors.joining(","));

        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(kafka.ingestKafka(), jwt, Duration.ofSeconds(5), RateLimit.OFF);
        running.add(ingest);
        StreamsApp a = startStreams(kafka.bootstrapServers(), kafka, stateA);
        TcpProxy toA = peerProxy(a);
        StreamsApp b = startStreams(viaProxies, kafka, stateB);
        TcpProxy toB = peerProxy(b);
        awaitBothHoldActiveAndStandbyTasks(a);

        People people = People.of(USERS, secret);
        List<String> users = people.ids();
        Map<String, String> tokens = people.tokens();
        LoadGenerator load = people.load(ingest.port(), DAYS);
        running.add(load);
        load.start(PER_SECOND);
        await("every user has check-ins").atMost(Duration.ofSeconds(60)).until(() -> load.count(202) >= 100);
        Map<String, Http> instances = new LinkedHashMap<>();
        instances.put("A", new Http(a.port()));
        instances.put("B", new Http(b.port()));
        AtomicReference<String> phase = new AtomicReference<>("connected");
        Map<String, Map<String, Map<String, Integer>>> answers = new ConcurrentHashMap<>();
        Map<String, Integer> shownAsCurrent = new ConcurrentHashMap<>();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger probes = new AtomicInteger();
        List<String> names = List.copyOf(instances.keySet());
        var unused = prober.scheduleWithFixedDelay(
                () -> {
                    int n = probes.getAndIncrement();
                    String name = names.get(n % names.size());
                    String user = users.get((n / names.size()) % USERS);
                    String during = phase.get();
                    Http.Answer answer = instances
                            .get(name)
                            .get("/v1/users/" + user + "/progress?days=" + (DAYS + 2), tokens.get(user));
                    String replica = answer.header(Forwarding.REPLICA_HEADER).orElse("none");
                    String kind = answer.status() == 200 ? "200 " + replica : String.valueOf(answer.status());
                    answers.computeIfAbsent(during, p -> new ConcurrentHashMap<>())
                            .computeIfAbsent(name, i -> new ConcurrentHashMap<>())
                            .merge(kind, 1, Integer::sum);
                    if (answer.status() == 200 && replica.equals("active") && STALENESS_CHECKED.contains(during)) {
                        int shown = Reference.daysOf(answer.json(), "checkIns").values().stream()
                                .mapToInt(Integer::intValue)
                                .sum();
                        String key = during + "/" + user;
                        int before = shownAsCurrent.getOrDefault(key, 0);
                        if (shown < before) {
                            violations.add(String.format(
                                    "%s: instance %s presented %d check-ins of a user as current after %d had been shown",
                                    during, name, shown, before));
                        }
                        shownAsCurrent.merge(key, shown, Math::max);
                    } else if (answer.status() != 200
                            && answer.status() != 503
                            && answer.status() != Http.Answer.CONNECTION_ERROR) {
                        violations.add(during + ": instance " + name + " answered " + answer.status());
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);

        // B loses every broker, for longer than its session: A takes its partitions over.
        phase.set("B cut off from the brokers");
        brokerProxies.values().forEach(TcpProxy::cut);
        await("A holds every task")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> a.state() == KafkaStreams.State.RUNNING
                        && a.kafkaStreams().metadataForAllStreamsClients().size() == 1);
        phase.set(A_ALONE);
        long acceptedWhileCut = load.count(202);
        await("more check-ins while B is cut off")
                .atMost(Duration.ofSeconds(60))
                .until(() -> load.count(202) >= acceptedWhileCut + 100);

        phase.set("B reconnecting");
        brokerProxies.values().forEach(TcpProxy::heal);
        awaitBothHoldActiveAndStandbyTasks(a);
        phase.set("connected again");
        long acceptedAfterHeal = load.count(202);
        await("check-ins after B is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> load.count(202) >= acceptedAfterHeal + 60);

        // A and B lose each other, while both still reach the brokers.
        phase.set(APART);
        toA.cut();
        toB.cut();
        // A query for a key the other instance holds waits for the peer timeout (5 s) before
        // falling back to a standby: wait until each instance has answered a few.
        await("answers from both instances while they are apart")
                .atMost(Duration.ofSeconds(90))
                .until(() -> names.stream()
                        .allMatch(name ->
                                answers
                                                .getOrDefault(phase.get(), Map.of())
                                                .getOrDefault(name, Map.of())
                                                .values()
                                                .stream()
                                                .mapToInt(Integer::intValue)
                                                .sum()
                                        >= 6));
        phase.set("peers healed");
        toA.heal();
        toB.heal();

        List<Outcome> outcomes = load.stop();
        prober.shutdownNow();
        assertThat(prober.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        System.out.printf(
                "Network split: %d check-ins sent at %d/s, answers %s; %d progress probes, by phase and instance %s%n",
                outcomes.size(), PER_SECOND, load.statusCounts(), probes.get(), answers);
        assertThat(violations).as("stale figures presented as current").isEmpty();
        assertThat(load.statusCounts().keySet())
                .as("ingest does not depend on the streams app")
                .containsOnly(202);
        assertThat(toB.connectionsAccepted())
                .as("A reached B through its proxy")
                .isPositive();
        assertThat(brokerProxies.values().stream()
                        .mapToInt(TcpProxy::connectionsAccepted)
                        .sum())
                .as("B reached the brokers through the proxies")
                .isPositive();

        List<CheckIns> all = outcomes.stream().map(Outcome::checkIn).toList();
        FaultChecks.awaitFiguresEqualTheInput(
                List.copyOf(instances.values()), users, all, tokens, DAYS, Duration.ofSeconds(120));
        FaultChecks.awaitOneAlertPerLevelChange("Network split", all, kafka.adminConfig());
    }

    private StreamsApp startStreams(String bootstrapServers, FaultCluster kafka, Path stateDir) {
        Map<String, String> variables = new HashMap<>(kafka.streamsVariables());
        variables.put("REFLECT_KAFKA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        StreamsApp app = StreamsApp.create(Services.streams(
                                bootstrapServers, variables, JwtSettings.hs256(secret), applicationId, stateDir)
                        .withAdvertisedHost(PEER_HOST))
                .start();
        running.add(app);
        return app;
    }

    /** The other instance reaches {@code app} at {@value #PEER_HOST}, through this proxy. */
    private TcpProxy peerProxy(StreamsApp app) {
        TcpProxy proxy = TcpProxy.start(PEER_HOST, app.port(), "127.0.0.1", app::port);
        running.add(proxy);
        return proxy;
    }

    private static void awaitBothHoldActiveAndStandbyTasks(StreamsApp a) {
        await("both instances hold active and standby tasks")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    KafkaStreams streams = a.kafkaStreams();
                    return a.state() == KafkaStreams.State.RUNNING
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
