package dev.reflect.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.FaultChecks;
import dev.reflect.system.support.FaultCluster;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.People;
import dev.reflect.system.support.Phases;
import dev.reflect.system.support.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reflect on a three-node cluster as production runs it (three replicas, {@code min.insync.replicas}
 * 2, TLS and SASL/SCRAM with a principal and ACLs per service), with check-ins arriving over HTTP
 * and two streams instances running throughout:
 * <ol>
 *   <li>the leader of a busy check-ins partition is killed, and brought back once more check-ins
 *       were accepted;</li>
 *   <li>then the leader of another busy partition, likewise;</li>
 *   <li>then two of the three nodes at once: no partition can meet {@code min.insync.replicas},
 *       and every check-in sent meanwhile must be refused (503), never acknowledged on one broker;</li>
 *   <li>both come back and check-ins are accepted again.</li>
 * </ol>
 * Every 202'd check-in must be on the topic; refused ones are re-sent with their eventId until
 * accepted, as a client does; then both instances must answer every user's figures exactly as
 * counted from the input, and the alerts topic must hold exactly one alert per level change.
 */
class LeaderLossUnderLoadLongIT {

    private static final int USERS = 12;
    private static final int DAYS = 4;
    private static final int PER_SECOND = 40;
    private static final Duration WRITE_BOUND = Duration.ofSeconds(3);
    private static final String SESSION_TIMEOUT_MS = "10000";
    private static final String CHECKINS = Topics.CHECKINS.name();

    @TempDir
    Path dir;

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    private final byte[] secret = Services.newSecret();
    private final String applicationId = "reflect-leaders-" + UUID.randomUUID();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void killedLeadersAndALostQuorumOfReplicasNeitherLoseNorDoubleAnything() {
        FaultCluster kafka = FaultCluster.start(dir, applicationId, new FaultCluster.Options());
        running.add(kafka);
        EmbeddedKafkaCluster nodes = kafka.nodes();
        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(kafka.ingestKafka(), jwt, WRITE_BOUND, RateLimit.OFF);
        running.add(ingest);
        Map<String, String> streamsVariables = new HashMap<>(kafka.streamsVariables());
        streamsVariables.put("REFLECT_KAFKA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        StreamsApp a = startStreams(kafka, streamsVariables, stateA);
        StreamsApp b = startStreams(kafka, streamsVariables, stateB);
        Services.awaitRunning(a);
        Services.awaitRunning(b);

        People people = People.of(USERS, secret);
        List<String> users = people.ids();
        Map<String, String> tokens = people.tokens();
        LoadGenerator load = people.load(ingest.port(), DAYS);
        running.add(load);
        Phases phases = new Phases();
        phases.begin("all up");
        load.start(PER_SECOND);
        awaitAccepted(load, 100, "before any fault");

        // 1 and 2: the leaders of two busy partitions, one after the other.
        Map<String, Integer> killed = new LinkedHashMap<>();
        Set<Integer> partitionsHit = new HashSet<>();
        for (String user : users) {
            int partition = partitionOf(user);
            int leader = nodes.leaderOf(new TopicPartition(CHECKINS, partition));
            if (partitionsHit.contains(partition) || killed.containsValue(leader)) {
                continue;
            }
            partitionsHit.add(partition);
            killed.put("leader of partition " + partition, leader);
            phases.begin("node " + leader + " (leader of partition " + partition + ") down");
            nodes.stop(leader);
            awaitAccepted(load, 100, "with node " + leader + " down");
            phases.begin("node " + leader + " restarting");
            nodes.start(leader);
            kafka.awaitAllInSync();
            phases.begin("all up again");
            if (killed.size() == 2) {
                break;
            }
        }
        assertThat(killed).as("leaders killed").hasSize(2);

        // 3: two nodes down at once; one replica in sync is fewer than min.insync.replicas.
        List<Integer> down = List.of(1, 2);
        phases.begin("nodes " + down + " stopping");
        down.forEach(nodes::stop);
        long bothDown = System.nanoTime();
        phases.begin("nodes " + down + " down");
        await("refusals while two nodes are down")
                .atMost(Duration.ofSeconds(60))
                .until(() -> sentSince(load, bothDown).stream()
                                .filter(o -> o.status() != 202)
                                .count()
                        >= 40);
        long restarting = System.nanoTime();
        phases.begin("nodes " + down + " restarting");
        down.forEach(nodes::start);
        kafka.awaitAllInSync();
        phases.begin("all up at the end");
        awaitAccepted(load, 100, "after the two nodes came back");
        List<Outcome> outcomes = load.stop();

        List<Outcome> whileTwoDown = outcomes.stream()
                .filter(o -> o.sentAtNanos() >= bothDown && o.sentAtNanos() < restarting)
                .toList();
        Map<Integer, Long> firstAnswers = load.statusCounts();
        Map<Integer, Long> answersWhileTwoDown = whileTwoDown.stream()
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        System.out.printf(
                "Leader loss under load: %d check-ins sent at %d/s, first answers %s; by phase %s%n",
                outcomes.size(), PER_SECOND, firstAnswers, phases.answers(outcomes));
        assertThat(firstAnswers.keySet())
                .as("first answers other than 202, 503 or a connection error")
                .isSubsetOf(202, 503, Http.Answer.CONNECTION_ERROR);
        assertThat(answersWhileTwoDown)
                .as("answers to check-ins sent while min.insync.replicas could not be met")
                .containsOnlyKeys(503);
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.status() == 503)
                .allSatisfy(outcome -> assertThat(outcome.retryAfter())
                        .as("Retry-After on a 503")
                        .isNotNull());

        FaultChecks.Refusals refusals = FaultChecks.everyAcceptedCheckInIsOnTheTopic(outcomes, kafka.adminConfig());
        FaultChecks.resendTheRefused(
                "Leader loss under load",
                new Http(ingest.port()),
                tokens,
                refusals,
                outcomes.size(),
                kafka.adminConfig());

        List<CheckIns> all = outcomes.stream().map(Outcome::checkIn).toList();
        FaultChecks.awaitFiguresEqualTheInput(
                List.of(new Http(a.port()), new Http(b.port())), users, all, tokens, DAYS, Duration.ofSeconds(180));
        FaultChecks.awaitOneAlertPerLevelChange("Leader loss under load", all, kafka.adminConfig());
        assertThat(a.isRunning() && b.isRunning())
                .as("both streams instances running")
                .isTrue();
    }

    private StreamsApp startStreams(FaultCluster kafka, Map<String, String> variables, Path stateDir) {
        StreamsApp app = StreamsApp.create(Services.streams(
                        kafka.bootstrapServers(), variables, JwtSettings.hs256(secret), applicationId, stateDir))
                .start();
        running.add(app);
        return app;
    }

    private static int partitionOf(String user) {
        return BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), FaultCluster.PARTITIONS);
    }

    private static void awaitAccepted(LoadGenerator load, int more, String phase) {
        long target = load.count(202) + more;
        await(more + " more check-ins accepted " + phase)
                .atMost(Duration.ofSeconds(120))
                .until(() -> load.count(202) >= target);
    }

    private static List<Outcome> sentSince(LoadGenerator load, long nanos) {
        return load.outcomes().stream().filter(o -> o.sentAtNanos() >= nanos).toList();
    }
}
