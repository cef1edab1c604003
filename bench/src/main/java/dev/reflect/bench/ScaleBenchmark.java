package dev.reflect.bench;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One point of the scale curve (issue 16, "At a million people"): on a fresh embedded broker in
 * this JVM, the production streams app ({@link StreamsApp}: ReflectTopology, its Streams
 * configuration, its query API) processes {@code people × eventsPerPerson} pre-produced
 * check-ins, and the run measures
 * <ol>
 *   <li>throughput: records/s from the first RUNNING until the group's committed offsets reach the
 *       end of the input, and the stream thread's CPU per record;</li>
 *   <li>bytes per person in every store: the user-state and dedup stores read back through
 *       interactive queries, every store's SST files after a clean close, every topic's bytes on the
 *       broker;</li>
 *   <li>query API latency: open-loop reads of random people's progress at a fixed rate, latency
 *       from each request's intended send time;</li>
 *   <li>restore: the state directory deleted, a new instance started with the same application
 *       id; the time to RUNNING, the changelog records it read, and where its threads spent the CPU.</li>
 * </ol>
 * Progress goes to stderr, a Markdown report to stdout. A program, not a test. See BENCHMARKS.md,
 * "Scale curve", and {@code bench/scale.sh}.
 */
public final class ScaleBenchmark {

    private static final long SEED = 20261205L;
    /** The streams benchmark's seed: the same 90-day person as in BENCHMARKS.md's state-size table. */
    private static final long SYNTHETIC_SEED = 20261126L;

    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(90);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(60);
    private static final long POLL_MILLIS = 20;
    private static final int QUERY_DAYS = 7;
    private static final Duration WARMUP = Duration.ofSeconds(90);
    private static final long WARMUP_RECORDS = 150_000;

    private final Logger log = LoggerFactory.getLogger(ScaleBenchmark.class);
    private final ScaleOptions options;
    private final Path workDir;
    private final LoadWatch load = new LoadWatch();
    private final StringBuilder report = new StringBuilder();

    private ScaleBenchmark(ScaleOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(ScaleOptions.USAGE);
            return;
        }
        ScaleOptions options;
        try {
            options = ScaleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path workDir = options.workDir() == null
                ? Files.createTempDirectory("reflect-scale-bench")
                : Files.createDirectories(options.workDir().resolve("run-" + options.people()));
        try {
            System.out.print(new ScaleBenchmark(options, workDir).run(args));
        } finally {
            StreamsBenchmark.deleteQuietly(workDir);
        }
        System.exit(0);
    }

    private String run(String[] args) throws Exception {
        load.start();
        line("### %,d people × %d check-ins each (%s)", options.people(), options.eventsPerPerson(), now());
        line("");
        line(
                "Command: `java %s -cp \"bench/target/reflect-bench.jar:bench/target/lib/*\" %s %s`; code %s; %s",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                        .replaceAll("-D\\S+ ?", ""),
                ScaleBenchmark.class.getName(),
                String.join(" ", args),
                StreamsBenchmark.codeVersion(),
                MachineInfo.collect("not used").toString().replaceAll("\\s+", " "));
        line("");
        byte[] jwtSecret = new byte[32];
        new SecureRandom().nextBytes(jwtSecret);
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(pseudonymSecret);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), 0).start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopics(
                    options.partitions(), Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            // Producing at once into partitions whose leaders are not yet in place made the
            // idempotent producer retry out of sequence for minutes; wait until they answer.
            BenchSupport.waitFor(
                    log, "the input partitions' leaders", Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
                        try {
                            StreamsThroughput.endOffsets(admin, options.partitions());
                            return true;
                        } catch (IllegalStateException e) {
                            return false;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    });
            log.info("Producing {} check-ins of {} people ...", options.events(), options.people());
            load.mark();
            long produceStart = System.nanoTime();
            long inputBytes = StreamsInput.produce(
                    broker.bootstrapServers(), options.people(), Math.toIntExact(options.events()), SEED);
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            Map<TopicPartition, Long> ends = StreamsThroughput.endOffsets(admin, options.partitions());
            long records = ends.values().stream().mapToLong(Long::longValue).sum();
            line(
                    "Input: %,d check-ins (%,.1f MB of values, %d bytes a record) of %,d people on `%s` (%d partitions), produced in %.0f s; load average %s.",
                    records,
                    inputBytes / 1e6,
                    inputBytes / Math.max(1, records),
                    options.people(),
                    Topics.CHECKINS.name(),
                    options.partitions(),
                    produceSeconds,
                    load.since());
            line("");

            String applicationId =
                    "reflect-scale-" + UUID.randomUUID().toString().substring(0, 8);
            Path stateDir = workDir.resolve("state");
            KafkaClientConfig kafka = KafkaClientConfig.forBootstrapServers(broker.bootstrapServers());
            StreamsAppConfig config = new StreamsAppConfig(
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    stateDir,
                    applicationId,
                    0,
                    JwtSettings.hs256(jwtSecret),
                    Optional.of(Pseudonym.withSecret(pseudonymSecret)),
                    kafka,
                    TopologySettings.defaults());

            warmUp(config, admin, ends, records);
            StreamsApp app = StreamsApp.create(config);
            long stateEntries;
            try {
                throughput(app, admin, applicationId, ends, records);
                stateEntries = stateSize(app);
                queries(app, jwtSecret);
            } finally {
                app.stop();
            }
            onDisk(stateDir.resolve(applicationId), stateEntries);
            onBroker(admin);
            restore(config, admin, applicationId, stateDir);
        } finally {
            load.close();
        }
        return report.toString();
    }

    // ---------------------------------------------------------------- throughput

    /**
     * A throw-away instance (its own application id, state and internal topics) reads the input for
     * at most {@link #WARMUP} or {@link #WARMUP_RECORDS} records, so the JIT compiler has settled
     * before the measured instance starts: without it the 10k point timed mostly the compiler.
     */
    private void warmUp(StreamsAppConfig config, Admin admin, Map<TopicPartition, Long> ends, long records)
            throws InterruptedException, ExecutionException {
        String warmupId = config.applicationId() + "-warmup";
        Path warmupState = workDir.resolve("state-warmup");
        StreamsApp warmup = StreamsApp.create(new StreamsAppConfig(
                config.host(),
                0,
                config.advertisedHost(),
                warmupState,
                warmupId,
                0,
                config.jwt(),
                config.pseudonym(),
                config.kafka(),
                config.topology()));
        long target = Math.max(0, records - Math.min(records, WARMUP_RECORDS));
        log.info("Warm-up instance: up to {} s or {} records ...", WARMUP.toSeconds(), records - target);
        long deadline = System.nanoTime() + WARMUP.toNanos();
        try {
            warmup.start();
            while (System.nanoTime() < deadline && behind(admin, warmupId, ends) > target && warmup.isAlive()) {
                Thread.sleep(200);
            }
        } finally {
            warmup.stop();
        }
        List<String> internal = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(warmupId + "-"))
                .toList();
        admin.deleteTopics(internal).all().get();
        try {
            admin.deleteConsumerGroups(List.of(warmupId)).all().get();
        } catch (ExecutionException e) {
            // The stopped member may linger until its session times out: the group stays, harmless.
            log.info("Warm-up group not deleted: {}", e.getCause().toString());
        }
        StreamsBenchmark.deleteQuietly(warmupState);
        log.info("Warm-up done");
    }

    private void throughput(
            StreamsApp app, Admin admin, String applicationId, Map<TopicPartition, Long> ends, long records)
            throws InterruptedException {
        log.info("Processing: the streams app reads the input from the start ...");
        load.mark();
        long started = System.nanoTime();
        app.start();
        long runningAt = 0;
        CpuSample cpuAtRunning = null;
        long threadCpuAtRunning = 0;
        long deadline = started + PROCESS_TIMEOUT.toNanos();
        long nextLog = started + 30_000_000_000L;
        KafkaStreams.State lastState = null;
        int rebalances = 0;
        while (true) {
            KafkaStreams.State state = app.state();
            if (runningAt == 0 && state == KafkaStreams.State.RUNNING) {
                runningAt = System.nanoTime();
                cpuAtRunning = CpuSample.now();
                threadCpuAtRunning = StreamsThroughput.streamThreadCpuNanos(applicationId);
            }
            // A rebalance after RUNNING (a fenced thread, a missed poll) stalls the run and, under
            // exactly-once, rebuilds the tasks' stores: the report must say so.
            if (runningAt != 0 && state != KafkaStreams.State.RUNNING && lastState == KafkaStreams.State.RUNNING) {
                rebalances++;
            }
            lastState = state;
            long behind = behind(admin, applicationId, ends);
            if (runningAt != 0 && behind == 0) {
                break;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the streams app died while processing: " + app.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the input was not processed within " + PROCESS_TIMEOUT);
            }
            if (System.nanoTime() > nextLog) {
                log.info("  {} check-ins not committed yet; load average {}", behind, MachineInfo.currentLoadAverage());
                nextLog += 30_000_000_000L;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long done = System.nanoTime();
        CpuSample.Usage cpu = cpuAtRunning.until(CpuSample.now());
        double seconds = (done - runningAt) / 1e9;
        double threadMicros = (StreamsThroughput.streamThreadCpuNanos(applicationId) - threadCpuAtRunning) / 1e3;
        log.info("  {} records in {} s: {} records/s", records, String.format("%.1f", seconds), records / seconds);
        line("#### Throughput");
        line("");
        line(
                "| Records | s from start() to RUNNING | s from RUNNING to all committed | Records/s | Stream thread CPU µs/record | JVM CPU µs/record | CPU cores: JVM / rest of machine | Load average (1 min) |");
        line("|---:|---:|---:|---:|---:|---:|---|---|");
        line(
                "| %,d | %.1f | %.1f | **%,.0f** | **%.1f** | %.1f | %.2f / %.2f | %s |",
                records,
                (runningAt - started) / 1e9,
                seconds,
                records / seconds,
                threadMicros / records,
                cpu.jvmCores() * seconds * 1e6 / records,
                cpu.jvmCores(),
                Math.max(0, cpu.machineCores() - cpu.jvmCores()),
                load.since());
        line("");
        if (rebalances > 0) {
            line(
                    "**Disturbed:** Kafka Streams left RUNNING %d time(s) after it first got there (a rebalance or a fenced thread); the records/s include that stall. See the log.",
                    rebalances);
            line("");
        }
        if (rebalances > 0) {
            line(
                    "**Disturbed:** Kafka Streams left RUNNING %d time(s) after it first got there (a rebalance or a fenced thread); the records/s include that stall. See the log.",
                    rebalances);
            line("");
        }
    }

    /** Check-ins on the input that the group has not committed yet; all of them before the group exists. */
    private static long behind(Admin admin, String applicationId, Map<TopicPartition, Long> ends)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            committed = Map.of();
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            behind += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return behind;
    }

    // ---------------------------------------------------------------- state size

    /** Reads the user-state and dedup stores back; returns how many people have state. */
    private long stateSize(StreamsApp app) {
        log.info("Reading the stores back through interactive queries ...");
        StreamsStateSize.Logical logical = StreamsStateSize.logical(app.kafkaStreams());
        StreamsStateSize.Synthetic synthetic = StreamsStateSize.syntheticUser(90, SYNTHETIC_SEED);
        line("#### Bytes per person");
        line("");
        line(
                "Read back through interactive queries while running (keys + serialized values): %,d people have state (%.2f%% of %,d; the rest drew no event), %,d dedup entries.",
                logical.users(), 100.0 * logical.users() / options.people(), options.people(), logical.seenEvents());
        line("");
        line("| Store | Logical bytes/person | Largest value |");
        line("|---|---:|---:|");
        line("| `reflect-user-state` | %.0f | %,d |", logical.userStatePerUser(), logical.maxUserStateBytes());
        line("| `reflect-seen-event-ids` (dedup) | %.0f | 4 |", logical.seenEventsPerUser());
        line("");
        line(
                "Synthetic 90-day person (`StreamsStateSize.syntheticUser`): %d events, user state %,d bytes serialized, dedup ids %,d bytes before RocksDB overhead (%d bytes an event).",
                synthetic.events(),
                synthetic.userStateBytes(),
                synthetic.seenEventBytes(),
                StreamsStateSize.SEEN_EVENT_BYTES);
        line("");
        return logical.users();
    }

    /** SST bytes of every store after the clean close, ÷ people with state. */
    private void onDisk(Path applicationDir, long people) {
        Map<String, Long> bytes = sstBytesByStore(applicationDir);
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        line(
                "RocksDB SST files after a clean close (uncompressed, as Kafka Streams writes them), ÷ %,d people with state:",
                people);
        line("");
        line("| Store | SST bytes | Bytes/person |");
        line("|---|---:|---:|");
        bytes.forEach((store, size) -> line("| `%s` | %,d | %.0f |", store, size, size / (double) Math.max(1, people)));
        line("| all stores | %,d | **%.0f** |", total, total / (double) Math.max(1, people));
        line("");
    }

    /**
     * Every task's SST files, by store: a key-value store lives in {@code <task>/rocksdb/<store>},
     * a segmented store in {@code <task>/<store>/<segment>}.
     */
    static Map<String, Long> sstBytesByStore(Path applicationDir) {
        Map<String, Long> bytes = new TreeMap<>();
        if (!Files.isDirectory(applicationDir)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(applicationDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sst"))
                    .toList()) {
                Path relative = applicationDir.relativize(file);
                if (relative.getNameCount() < 3) {
                    continue;
                }
                String store = relative.getName(1).toString().equals("rocksdb")
                        ? relative.getName(2).toString()
                        : relative.getName(1).toString();
                bytes.merge(store, Files.size(file), Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** Every topic's bytes in the broker's log directories, ÷ people. */
    private void onBroker(Admin admin) throws InterruptedException, ExecutionException {
        List<Integer> brokers =
                admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        Map<String, Long> bytes = new TreeMap<>();
        for (Map<String, LogDirDescription> dirs :
                admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica :
                        dir.replicaInfos().entrySet()) {
                    bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                }
            }
        }
        line(
                "Broker log bytes by topic right after the run (one replica; changelogs not yet compacted), ÷ %,d people:",
                options.people());
        line("");
        line("| Topic | Bytes | Bytes/person |");
        line("|---|---:|---:|");
        bytes.forEach((topic, size) -> {
            if (size > 0) {
                line("| `%s` | %,d | %.0f |", topic, size, size / (double) options.people());
            }
        });
        line("");
    }

    // ---------------------------------------------------------------- queries

    private void queries(StreamsApp app, byte[] jwtSecret) throws InterruptedException {
        // Reads against stores still being rebuilt (after a fenced thread) would time 503s.
        long waiting = System.nanoTime();
        BenchSupport.waitFor(
                log, "the streams app to be ready for reads", RESTORE_TIMEOUT, Duration.ofMillis(200), app::isReady);
        double waitedSeconds = (System.nanoTime() - waiting) / 1e9;
        Duration warmup = Duration.ofSeconds(Math.min(20, options.querySeconds()));
        log.info("Query API: {} s of warm-up at {} reads/s ...", warmup.toSeconds(), options.queryRate());
        drive(app.port(), jwtSecret, warmup, null, new ConcurrentHashMap<>());
        log.info("Query API: measuring {} s ...", options.querySeconds());
        load.mark();
        StreamsLatencies latencies = new StreamsLatencies();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        CpuSample before = CpuSample.now();
        double seconds = drive(app.port(), jwtSecret, Duration.ofSeconds(options.querySeconds()), latencies, statuses);
        CpuSample.Usage cpu = before.until(CpuSample.now());
        line("#### Query API under a steady read load");
        line("");
        if (waitedSeconds >= 1) {
            line(
                    "The app was not ready for reads when processing ended; the reads began %.0f s later, once it was.",
                    waitedSeconds);
            line("");
        }
        line(
                "`GET /v1/me/progress?days=%d` for a person drawn at random from all %,d (their own token), open loop at %d a second over %d keep-alive connections, latency from each request's intended send time; %d s of warm-up, then %d s measured.",
                QUERY_DAYS,
                options.people(),
                options.queryRate(),
                options.connections(),
                warmup.toSeconds(),
                options.querySeconds());
        line("");
        line(
                "| Reads/s achieved | p50 | p99 | max | Answers by status | CPU cores: JVM / rest of machine | Load average (1 min) |");
        line("|---:|---:|---:|---:|---|---|---|");
        line(
                "| %,.0f | **%s** | **%s** | %s | %s | %.2f / %.2f | %s |",
                latencies.count() / seconds,
                StreamsLatencies.millis(latencies.percentile(50)),
                StreamsLatencies.millis(latencies.percentile(99)),
                StreamsLatencies.millis(latencies.max()),
                new TreeMap<>(statuses),
                cpu.jvmCores(),
                Math.max(0, cpu.machineCores() - cpu.jvmCores()),
                load.since());
        line("");
    }

    /**
     * Request i is due at start + i / rate; the next free connection takes it. Returns the
     * seconds it took. {@code latencies} null: warm-up, nothing recorded.
     */
    private double drive(
            int port, byte[] jwtSecret, Duration length, StreamsLatencies latencies, Map<Integer, AtomicLong> statuses)
            throws InterruptedException {
        long period = 1_000_000_000L / options.queryRate();
        long total = length.toSeconds() * options.queryRate();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime() + 10_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.connections(); c++) {
            Random random = new Random(SEED + c + (latencies == null ? 1000 : 0));
            Thread thread = new Thread(
                    () -> {
                        try (StreamsHttpConnection connection = new StreamsHttpConnection("127.0.0.1", port)) {
                            for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                                String userId = StreamsInput.userId(random.nextInt(options.people()));
                                String token = "Bearer " + DevTokens.mint(jwtSecret, userId, false);
                                long due = start + i * period;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                                int status;
                                try {
                                    status = connection
                                            .exchange("GET", "/v1/me/progress?days=" + QUERY_DAYS, token, null)
                                            .status();
                                } catch (IOException e) {
                                    status = 0;
                                }
                                long latency = System.nanoTime() - due;
                                if (latencies != null) {
                                    latencies.add(latency);
                                    statuses.computeIfAbsent(status, s -> new AtomicLong())
                                            .incrementAndGet();
                                }
                            }
                        }
                    },
                    "scale-reader-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    // ---------------------------------------------------------------- restore

    private void restore(StreamsAppConfig config, Admin admin, String applicationId, Path stateDir) throws Exception {
        Map<String, Long> changelogRecords = changelogRecords(admin, applicationId);
        long records =
                changelogRecords.values().stream().mapToLong(Long::longValue).sum();
        // The stopped instance did not leave the group: a new member would wait for its session to
        // expire before any task is assigned. That wait is the group's, not the restore's, so it
        // passes first (and is reported).
        long leaving = System.nanoTime();
        BenchSupport.waitFor(
                log, "the stopped member to leave the group", RESTORE_TIMEOUT, Duration.ofMillis(200), () -> {
                    try {
                        return admin.describeConsumerGroups(List.of(applicationId))
                                .all()
                                .get()
                                .get(applicationId)
                                .members()
                                .isEmpty();
                    } catch (ExecutionException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
        double memberLeftSeconds = (System.nanoTime() - leaving) / 1e9;
        log.info("Restore: state directory deleted; {} changelog records to read ...", records);
        StreamsBenchmark.deleteQuietly(stateDir);
        load.mark();
        ThreadCpu threadsBefore = ThreadCpu.now(applicationId);
        CpuSample cpuBefore = CpuSample.now();
        RestoreSampler sampler = new RestoreSampler(applicationId);
        StreamsApp app = StreamsApp.create(config);
        long started = System.nanoTime();
        long runningAt;
        long readyAt = 0;
        Map<String, Double> restoreMetrics;
        ThreadCpu threadsAtRunning;
        CpuSample.Usage cpu;
        sampler.start();
        try {
            app.start();
            long deadline = started + RESTORE_TIMEOUT.toNanos();
            while (app.state() != KafkaStreams.State.RUNNING) {
                if (!app.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the restoring instance did not reach RUNNING: " + app.state());
                }
                Thread.sleep(POLL_MILLIS);
            }
            runningAt = System.nanoTime();
            threadsAtRunning = ThreadCpu.now(applicationId);
            cpu = cpuBefore.until(CpuSample.now());
            sampler.close();
            restoreMetrics = restoreMetrics(app.kafkaStreams());
            while (!app.isReady() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
            readyAt = app.isReady() ? System.nanoTime() : 0;
        } finally {
            sampler.close();
            app.stop();
        }
        double seconds = (runningAt - started) / 1e9;
        Map<String, Double> threadCores = threadsAtRunning.coresSince(threadsBefore, seconds);
        line("#### Restore of a wiped instance");
        line("");
        line(
                "The state directory deleted after a clean stop, a new instance with the same application id started: it reads every store's changelog before it runs. Changelog records (end − start offset): %s.",
                changelogRecords.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "`%s` %,d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
        line("");
        line(
                "The stopped instance's group membership expired %.0f s after its stop (its session timeout; not counted below).",
                memberLeftSeconds);
        line("");
        line(
                "| Changelog records | s from start() to RUNNING | Restore records/s (from start()) | s to ready | CPU cores: JVM / rest of machine | Load average (1 min) |");
        line("|---:|---:|---:|---:|---|---|");
        line(
                "| %,d | %.1f | **%,.0f** | %s | %.2f / %.2f | %s |",
                records,
                seconds,
                records / seconds,
                readyAt == 0 ? "not ready" : String.format(Locale.ROOT, "%.1f", (readyAt - started) / 1e9),
                cpu.jvmCores(),
                Math.max(0, cpu.machineCores() - cpu.jvmCores()),
                load.since());
        line("");
        line(
                "Kafka Streams' restore metrics at RUNNING: %s.",
                restoreMetrics.isEmpty()
                        ? "none recorded"
                        : restoreMetrics.entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %,.0f", e.getKey(), e.getValue()))
                                .collect(Collectors.joining(", ")));
        line("");
        line(
                "CPU cores of the app's threads while restoring: %s.",
                threadCores.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(6)
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
        line("");
        line(
                "Where the restoring threads were (stream and state-updater threads, stack samples every 10 ms, by thread state and innermost frame, then by the first Kafka or Reflect frame):");
        line("");
        line("%s", sampler.summary());
        line("");
    }

    private static Map<String, Long> changelogRecords(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException {
        List<String> changelogs = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-changelog"))
                .sorted()
                .toList();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(changelogs)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                }));
        var starts = admin.listOffsets(earliest).all().get();
        var ends = admin.listOffsets(latest).all().get();
        Map<String, Long> records = new TreeMap<>();
        ends.forEach((partition, end) -> records.merge(
                partition.topic().substring(applicationId.length() + 1),
                end.offset() - starts.get(partition).offset(),
                Long::sum));
        return records;
    }

    private static Map<String, Double> restoreMetrics(KafkaStreams streams) {
        Map<String, Double> values = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().startsWith("restore")
                    && name.name().endsWith("total")
                    && metric.getValue().metricValue() instanceof Double value) {
                values.merge(name.group() + "/" + name.name(), value, Double::sum);
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- helpers

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toString();
    }

    /** CPU time of every live thread whose name holds the application id, grouped by role. */
    private record ThreadCpu(Map<String, Long> nanosByRole) {

        static ThreadCpu now(String applicationId) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> nanos = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
                if (info != null) {
                    nanos.merge(
                            role(info.getThreadName(), applicationId),
                            Math.max(0, threads.getThreadCpuTime(info.getThreadId())),
                            Long::sum);
                }
            }
            return new ThreadCpu(nanos);
        }

        Map<String, Double> coresSince(ThreadCpu before, double seconds) {
            Map<String, Double> cores = new HashMap<>();
            nanosByRole.forEach((role, nanos) -> {
                double used = (nanos - before.nanosByRole.getOrDefault(role, 0L)) / 1e9 / seconds;
                if (used > 0.005) {
                    cores.put(role, used);
                }
            });
            return cores;
        }
    }

    /** A thread's name without the application id, client ids and numbers: its role. */
    static String role(String threadName, String applicationId) {
        String name = threadName.replace(applicationId, "app");
        name = name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "");
        name = name.replaceAll("\\d+", "N");
        return name;
    }

    /** Samples the stacks of every thread of the restoring application until closed. */
    private static final class RestoreSampler extends Thread implements AutoCloseable {

        private final String applicationId;
        private final Map<String, Integer> innermost = new ConcurrentHashMap<>();
        private final Map<String, Integer> kafkaFrame = new ConcurrentHashMap<>();
        private final AtomicLong samples = new AtomicLong();
        private volatile boolean stopped;

        RestoreSampler(String applicationId) {
            super("scale-restore-sampler");
            this.applicationId = applicationId;
            setDaemon(true);
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            while (!stopped) {
                for (ThreadInfo info : threads.dumpAllThreads(false, false, 48)) {
                    String name = info.getThreadName();
                    if (!name.contains(applicationId)
                            || !(name.contains("StreamThread") || name.contains("StateUpdater"))
                            || name.contains("producer")
                            || name.contains("consumer")
                            || info.getStackTrace().length == 0) {
                        continue;
                    }
                    samples.incrementAndGet();
                    StackTraceElement[] stack = info.getStackTrace();
                    String role = role(name, applicationId) + " " + info.getThreadState();
                    innermost.merge(role + ": " + frame(stack[0]), 1, Integer::sum);
                    for (StackTraceElement element : stack) {
                        if (element.getClassName().startsWith("org.apache.kafka")
                                || element.getClassName().startsWith("dev.reflect")) {
                            kafkaFrame.merge(role + ": " + frame(element), 1, Integer::sum);
                            break;
                        }
                    }
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }

        private static String frame(StackTraceElement element) {
            String className = element.getClassName();
            return className.substring(className.lastIndexOf('.') + 1) + "." + element.getMethodName();
        }

        String summary() {
            long total = Math.max(1, samples.get());
            return "- innermost: " + top(innermost, total) + "\n- first Kafka or Reflect frame: "
                    + top(kafkaFrame, total);
        }

        private static String top(Map<String, Integer> counts, long total) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(8)
                    .map(e -> String.format(Locale.ROOT, "`%s` %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                    .collect(Collectors.joining(", "));
        }

        @Override
        public void close() {
            stopped = true;
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The machine's 1-minute load average every 5 s; each phase reports the range since its mark. */
    private static final class LoadWatch extends Thread implements AutoCloseable {

        private final List<Double> samples = new ArrayList<>();
        private int mark;
        private volatile boolean stopped;

        LoadWatch() {
            super("scale-load-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stopped) {
                sample();
                LockSupport.parkNanos(5_000_000_000L);
            }
        }

        private synchronized void sample() {
            try {
                String first = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                        .split(" ")[0];
                samples.add(Double.parseDouble(first));
            } catch (IOException | RuntimeException e) {
                // no load average on this system
            }
        }

        synchronized void mark() {
            mark = samples.size();
        }

        /** The range of the 1-minute load average since the last mark, sampled now too. */
        String since() {
            sample();
            synchronized (this) {
                List<Double> window = samples.subList(Math.min(mark, samples.size()), samples.size());
                if (window.isEmpty()) {
                    return "n/a";
                }
                double min =
                        window.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                double max =
                        window.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                return String.format(Locale.ROOT, "%.1f–%.1f", min, max);
            }
        }

        @Override
        public void close() {
            stopped = true;
            interrupt();
        }
    }
}
