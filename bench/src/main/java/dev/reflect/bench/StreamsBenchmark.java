package dev.reflect.bench;

import dev.reflect.bench.StreamsBenchOptions.Phase;
import dev.reflect.bench.StreamsThroughput.Run;
import dev.reflect.bench.StreamsThroughput.Variant;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-app benchmark of the streams issue, in one run on fresh embedded brokers:
 * <ol>
 *   <li>throughput under {@code exactly_once_v2} of the real {@code ReflectTopology} (A) against a
 *       plain {@code groupByKey().count()} (B, the floor) and the naive peer of issue 16
 *       ({@link NaivePeerTopology}, C) over the same pre-produced check-ins, in rounds, and a
 *       stack-sampled run of each showing where the stream thread's time goes;</li>
 *   <li>bytes per user in the two stores after an A run, and of a synthetic user with 90 days;</li>
 *   <li>freshness: the time from the ingest service's 202 to the figure in the query API, at
 *       2,000 check-ins a second through HTTP.</li>
 * </ol>
 * Progress goes to stderr, the Markdown report to stdout. A program, not a test: nothing here
 * asserts on time. See BENCHMARKS.md.
 *
 * <pre>
 *   mvn -B -q -pl bench -am install -DskipTests
 *   java -Xms1g -Xmx2g -cp "bench/target/reflect-bench.jar:bench/target/lib/*" dev.reflect.bench.StreamsBenchmark
 * </pre>
 */
public final class StreamsBenchmark {

    private static final long SEED = 20261126L;
    private static final int FRAGMENTS = 512;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MAX_DRAIN = Duration.ofSeconds(60);

    private final Logger log = LoggerFactory.getLogger(StreamsBenchmark.class);
    private final StreamsBenchOptions options;
    private final Path workDir;

    private StreamsBenchmark(StreamsBenchOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        StreamsBenchOptions options;
        try {
            options = args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))
                    ? null
                    : StreamsBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(StreamsBenchOptions.USAGE);
            return;
        }
        Path workDir = Files.createTempDirectory("reflect-streams-bench");
        try {
            System.out.print(new StreamsBenchmark(options, workDir).run(args));
        } finally {
            deleteQuietly(workDir);
        }
        // Kafka's and Jetty's non-daemon threads have all been closed, but a lingering one must not keep the JVM.
        System.exit(0);
    }

    private String run(String[] args) throws Exception {
        MachineInfo machine = MachineInfo.collect("not used");
        String code = codeVersion();
        ZonedDateTime date = ZonedDateTime.now(ZoneId.systemDefault()).withNano(0);
        long began = System.nanoTime();
        StreamsReport.Throughput throughput = options.phases().contains(Phase.THROUGHPUT) ? throughput() : null;
        StreamsReport.Freshness freshness = options.phases().contains(Phase.FRESHNESS) ? freshness() : null;
        log.info("Done in {} s", (System.nanoTime() - began) / 1_000_000_000L);
        return StreamsReport.render(machine, code, date, command(args), throughput, freshness);
    }

    private StreamsReport.Throughput throughput() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka-throughput"), 0).start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopics(
                    options.partitions(), Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            log.info("Producing {} check-ins of {} users ...", options.events(), options.users());
            long inputBytes = StreamsInput.produce(broker.bootstrapServers(), options.users(), options.events(), SEED);
            Map<TopicPartition, Long> ends = StreamsThroughput.endOffsets(admin, options.partitions());
            StreamsThroughput runner = new StreamsThroughput(
                    broker.bootstrapServers(), workDir.resolve("state"), admin, ends, options.commitIntervalMs());

            for (int w = 1; w <= options.warmupRounds(); w++) {
                log.info("Warm-up round {}/{} ...", w, options.warmupRounds());
                for (Variant variant : options.variants()) {
                    runner.run(variant, "warmup" + w, false, null, null);
                }
            }
            List<List<Run>> rounds = new ArrayList<>();
            AtomicReference<StreamsStateSize.Logical> logical = new AtomicReference<>();
            AtomicReference<StreamsStateSize.OnDisk> onDisk = new AtomicReference<>();
            for (int r = 1; r <= options.rounds(); r++) {
                log.info("Round {}/{} ...", r, options.rounds());
                boolean last = r == options.rounds();
                List<Variant> order = new ArrayList<>(Stream.of(Variant.values())
                        .filter(options.variants()::contains)
                        .toList());
                if (r % 2 == 0) {
                    Collections.reverse(order);
                }
                List<Run> round = new ArrayList<>();
                for (Variant variant : order) {
                    boolean measureState = last && variant == Variant.REFLECT;
                    round.add(runner.run(
                            variant,
                            "round" + r,
                            false,
                            measureState ? streams -> logical.set(StreamsStateSize.logical(streams)) : null,
                            measureState ? dir -> onDisk.set(StreamsStateSize.onDisk(dir)) : null));
                }
                rounds.add(round);
            }
            Run profileA = null;
            Run profileB = null;
            Run profileC = null;
            if (options.profile()) {
                log.info("Profiling: one more run of each with the stream thread sampled ...");
                profileA = profiled(runner, Variant.REFLECT);
                profileB = profiled(runner, Variant.PLAIN_COUNT);
                profileC = profiled(runner, Variant.NAIVE_PEER);
            }
            return new StreamsReport.Throughput(
                    options.users(),
                    options.events(),
                    inputBytes,
                    options.partitions(),
                    options.warmupRounds(),
                    options.commitIntervalMs(),
                    rounds,
                    profileA,
                    profileB,
                    profileC,
                    logical.get(),
                    onDisk.get(),
                    StreamsStateSize.syntheticUser(90, SEED));
        }
    }

    private Run profiled(StreamsThroughput runner, Variant variant) throws InterruptedException {
        return options.variants().contains(variant) ? runner.run(variant, "profile", true, null, null) : null;
    }

    private StreamsReport.Freshness freshness() throws Exception {
        byte[] jwtSecret = randomSecret().getBytes(StandardCharsets.UTF_8);
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(pseudonymSecret);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka-freshness"), 0).start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopics(
                    options.partitions(), Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            KafkaClientConfig kafka = KafkaClientConfig.forBootstrapServers(broker.bootstrapServers());
            IngestApp ingest = IngestApp.create(new IngestConfig(
                    "127.0.0.1",
                    0,
                    JwtSettings.hs256(jwtSecret),
                    kafka,
                    IngestConfig.DEFAULT_WRITE_TIMEOUT,
                    RateLimit.OFF));
            String applicationId =
                    "reflect-bench-freshness-" + UUID.randomUUID().toString().substring(0, 8);
            StreamsApp streams = StreamsApp.create(new StreamsAppConfig(
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    workDir.resolve("state-freshness"),
                    applicationId,
                    0,
                    JwtSettings.hs256(jwtSecret),
                    Optional.of(Pseudonym.withSecret(pseudonymSecret)),
                    kafka,
                    TopologySettings.defaults()));
            try {
                ingest.start();
                streams.start();
                awaitRunning(streams);
                log.info("Minting tokens for {} users and {} probe users ...", options.users(), options.probeUsers());
                List<String> users = IntStream.range(0, options.users())
                        .mapToObj(i -> bearer(jwtSecret, StreamsInput.userId(i), false))
                        .toList();
                List<String> probeUsers = IntStream.range(0, options.probeUsers())
                        .mapToObj(i -> String.format(Locale.ROOT, "bench-probe-%05d", i))
                        .toList();
                List<String> probeTokens = probeUsers.stream()
                        .map(user -> bearer(jwtSecret, user, false))
                        .toList();
                List<String> fragments = CheckInBodies.fragments(FRAGMENTS, Instant.now(), SEED);
                try (StreamsFreshness load = new StreamsFreshness(
                        applicationId,
                        ingest.port(),
                        streams.port(),
                        users,
                        probeUsers,
                        probeTokens,
                        bearer(jwtSecret, "bench-clinician", true),
                        fragments,
                        options.rate(),
                        options.sampleEvery(),
                        options.pollInterval(),
                        options.connections())) {
                    LongSupplier backlog = () -> backlog(admin, applicationId);
                    log.info("Freshness: warming up at {} check-ins/s until the JIT settles ...", options.rate());
                    Duration warmedUp = new JitWarmup(options.freshnessWarmupMin(), options.freshnessWarmupMax())
                            .run(slice -> unmeasured(load, slice, backlog));
                    // The warm-up may leave the streams app behind (the JIT took the cores); measuring
                    // then would time the backlog, not the pipeline. So the load goes on until the
                    // backlog is under half a second of input, or it is clear it will not drain.
                    Duration draining = Duration.ZERO;
                    while (backlog.getAsLong() > options.rate() / 2 && draining.compareTo(MAX_DRAIN) < 0) {
                        log.info(
                                "  streams app {} check-ins behind; load goes on until it catches up ...",
                                backlog.getAsLong());
                        unmeasured(load, JitWarmup.SLICE, backlog);
                        draining = draining.plus(JitWarmup.SLICE);
                    }
                    if (!draining.isZero()) {
                        // A backlog just worked off leaves a burst behind it (cache flushes, a full
                        // changelog); one more slice lets that pass too.
                        unmeasured(load, JitWarmup.SLICE, backlog);
                        draining = draining.plus(JitWarmup.SLICE);
                    }
                    log.info("Freshness: measuring {} s ...", options.measure().toSeconds());
                    StreamsFreshness.Window window;
                    StreamsStackProfile profile;
                    try (StreamsStackProfile.Sampler sampler = new StreamsStackProfile.Sampler(applicationId, 20)) {
                        window = load.drive(options.measure(), true, backlog);
                        profile = sampler.profile();
                    }
                    log.info(
                            "  {} accepted/s; freshness p50 {} p99 {} over {} probes",
                            String.format("%,.0f", window.acceptedPerSecond()),
                            StreamsLatencies.millis(window.visible().percentile(50)),
                            StreamsLatencies.millis(window.visible().percentile(99)),
                            window.visible().count());
                    log.info("  poll answers by status (0 failed, 1 not yet): {}", load.pollAnswers());
                    if (options.probeLog() != null) {
                        Files.write(options.probeLog(), load.timeline());
                    }
                    return new StreamsReport.Freshness(
                            options.users(),
                            options.probeUsers(),
                            options.sampleEvery(),
                            options.pollInterval(),
                            options.connections(),
                            warmedUp,
                            draining,
                            window,
                            profile,
                            load.slowStretches(StreamsReport.FRESHNESS_TARGET),
                            load.pollAnswers());
                }
            } finally {
                streams.stop();
                ingest.stop();
            }
        }
    }

    private static void unmeasured(StreamsFreshness load, Duration slice, LongSupplier backlog) {
        try {
            load.drive(slice, false, backlog);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up", e);
        }
    }

    /** Check-ins on the topic that the streams app has not committed yet; -1 if it cannot be read. */
    private long backlog(Admin admin, String applicationId) {
        try {
            Map<TopicPartition, Long> ends = StreamsThroughput.endOffsets(admin, options.partitions());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                behind += end.getValue() - (offset == null ? 0 : offset.offset());
            }
            return behind;
        } catch (ExecutionException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitRunning(StreamsApp streams) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the streams app was not RUNNING after " + READY_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static String bearer(byte[] secret, String userId, boolean clinician) {
        return "Bearer " + DevTokens.mint(secret, userId, clinician);
    }

    /** A fresh HS256 secret per run: no token minted here is worth anything afterwards. */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String command(String[] args) {
        String command = "java -Xms1g -Xmx2g -cp \"bench/target/reflect-bench.jar:bench/target/lib/*\" "
                + StreamsBenchmark.class.getName();
        return args.length == 0 ? command : command + " " + String.join(" ", args);
    }

    /**
     * The commit measured; MachineInfo judges the working tree by the ingest benchmark's modules,
     * and this benchmark also runs streams-app.
     */
    static String codeVersion() {
        String code = MachineInfo.codeVersion();
        try {
            Process process = new ProcessBuilder(
                            "git", "status", "--porcelain", "--untracked-files=no", "--", "streams-app")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() == 0 && !output.isEmpty()) {
                return code + "; streams-app with uncommitted changes";
            }
        } catch (IOException e) {
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return code;
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(StreamsBenchmark.class).warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
