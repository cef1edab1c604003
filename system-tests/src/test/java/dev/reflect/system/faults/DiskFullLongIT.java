package dev.reflect.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.system.support.BrokerHalts;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.FaultChecks;
import dev.reflect.system.support.FaultCluster;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.People;
import dev.reflect.system.support.Phases;
import dev.reflect.system.support.Services;
import dev.reflect.system.support.SmallDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers' disks fill up under HTTP load. Each of the three nodes keeps its partitions on a
 * {@code tmpfs} of {@value #DISK_MIB} MiB of its own ({@link SmallDisk}; its metadata log stays on
 * the ordinary disk, as Kafka recommends), and once traffic flows a ballast file takes all but
 * {@value #LEFT_MIB} MiB of each. With three replicas of every partition the three disks fill
 * together, as they would in production. A broker whose only log directory fails stops (Kafka
 * halts the process; here {@link BrokerHalts} catches that and the test stops the node, as a
 * supervisor would see it die). Ingest must then answer 503, never 202 for a write that is not
 * durable. Then the space comes back (the ballast goes), the stopped nodes are restarted, and
 * everything acknowledged must be there: every 202 on the topic, the figures equal to the input's
 * after refused check-ins are re-sent, one alert per level change.
 */
class DiskFullLongIT {

    private static final int USERS = 10;
    private static final int DAYS = 3;
    private static final int PER_SECOND = 40;
    private static final int DISK_MIB = 64;
    private static final int LEFT_MIB = 1;
    private static final Duration WRITE_BOUND = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @TempDir
    Path stateDir;

    private final byte[] secret = Services.newSecret();
    private final String applicationId = "reflect-disk-" + UUID.randomUUID();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopAll() throws Exception {
        supervisor.shutdownNow();
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void fullDisksRefuseWritesLoseNothingAcknowledgedAndRecoverWhenSpaceReturns() throws Exception {
        requireMounts();
        Map<Integer, SmallDisk> disks = new TreeMap<>();
        FaultCluster.Options options = new FaultCluster.Options();
        for (int node = 1; node <= 3; node++) {
            SmallDisk disk = SmallDisk.mount(dir.resolve("disk-" + node), DISK_MIB);
            running.add(disk);
            disks.put(node, disk);
            options.logDir(node, disk.dir());
        }
        running.add(new BrokerHalts());
        FaultCluster kafka = FaultCluster.start(dir, applicationId, options);
        running.add(kafka);
        EmbeddedKafkaCluster nodes = kafka.nodes();
        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(kafka.ingestKafka(), jwt, WRITE_BOUND, RateLimit.OFF);
        running.add(ingest);
        StreamsApp streams = StreamsApp.create(Services.streams(
                        kafka.bootstrapServers(), kafka.streamsVariables(), jwt, applicationId, stateDir))
                .start();
        running.add(streams);
        Services.awaitRunning(streams);

        People people = People.of(USERS, secret);
        List<String> users = people.ids();
        Map<String, String> tokens = people.tokens();
        LoadGenerator load = people.load(ingest.port(), DAYS);
        running.add(load);
        Phases phases = new Phases();
        phases.begin("space to spare");
        load.start(PER_SECOND);
        await("check-ins accepted before the disks fill")
                .atMost(Duration.ofSeconds(60))
                .until(() -> load.count(202) >= 100);

        phases.begin("disks filling");
        disks.values().forEach(disk -> disk.fillLeaving(LEFT_MIB));
        long filled = System.nanoTime();
        Set<Integer> stopped = new ConcurrentSkipListSet<>();
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            var unused = supervisor.scheduleWithFixedDelay(
                    () -> {
                        for (int node : nodes.nodeIds()) {
                            if (nodes.isRunning(node) && logDirOffline(admin, node)) {
                                nodes.stop(node);
                                stopped.add(node);
                            }
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
            await("a broker's disk full")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !stopped.isEmpty());
            phases.begin("a disk full");
            await("check-ins refused for lack of space")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> load.outcomes().stream()
                                    .filter(o -> o.sentAtNanos() >= filled && o.status() != 202)
                                    .count()
                            >= 40);
            supervisor.shutdownNow();
            assertThat(supervisor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        Map<Integer, Long> freeWhenFull = new TreeMap<>();
        disks.forEach((node, disk) -> freeWhenFull.put(node, disk.freeBytes() / 1024));

        phases.begin("space back, nodes " + stopped + " restarting");
        disks.values().forEach(SmallDisk::free);
        // Together: with all three down, one node alone cannot form the controller quorum.
        nodes.start();
        kafka.awaitAllInSync();
        phases.begin("recovered");
        long acceptedAfter = load.count(202);
        await("check-ins accepted once space is back")
                .atMost(Duration.ofSeconds(120))
                .until(() -> load.count(202) >= acceptedAfter + 100);
        List<Outcome> outcomes = load.stop();

        Map<Integer, Long> firstAnswers = load.statusCounts();
        System.out.printf(
                "Disk full: %d check-ins sent at %d/s, first answers %s; by phase %s; nodes stopped with a failed "
                        + "log dir %s; KiB free per disk then %s%n",
                outcomes.size(), PER_SECOND, firstAnswers, phases.answers(outcomes), stopped, freeWhenFull);
        assertThat(firstAnswers.keySet())
                .as("first answers other than 202, 503 or a connection error")
                .isSubsetOf(202, 503, Http.Answer.CONNECTION_ERROR);
        assertThat(firstAnswers.getOrDefault(503, 0L)).as("503 answers").isPositive();
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.status() == 503)
                .allSatisfy(outcome -> assertThat(outcome.retryAfter())
                        .as("Retry-After on a 503")
                        .isNotNull());

        FaultChecks.Refusals refusals = FaultChecks.everyAcceptedCheckInIsOnTheTopic(outcomes, kafka.adminConfig());
        FaultChecks.resendTheRefused(
                "Disk full", new Http(ingest.port()), tokens, refusals, outcomes.size(), kafka.adminConfig());

        List<CheckIns> all = outcomes.stream().map(Outcome::checkIn).toList();
        FaultChecks.awaitFiguresEqualTheInput(
                List.of(new Http(streams.port())), users, all, tokens, DAYS, Duration.ofSeconds(180));
        FaultChecks.awaitOneAlertPerLevelChange("Disk full", all, kafka.adminConfig());
    }

    /** A small file system needs a mount: root here and in CI; a developer's machine may not allow it. */
    private void requireMounts() {
        if (!SmallDisk.mountable(dir)) {
            String message = "mounting a tmpfs needs root or CAP_SYS_ADMIN (CI runs as root)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /** Kafka marks a log directory that failed (here: ENOSPC) offline; describeLogDirs says so. */
    private static boolean logDirOffline(Admin admin, int node) {
        try {
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(node))
                    .descriptions()
                    .get(node)
                    .get(2, TimeUnit.SECONDS);
            return dirs.values().stream().anyMatch(description -> description.error() != null);
        } catch (Exception e) {
            return false;
        }
    }
}
