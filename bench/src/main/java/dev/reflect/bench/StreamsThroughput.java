package dev.reflect.bench;

import dev.reflect.events.Topics;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.metrics.StreamsMetrics;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.ReflectTopology;
import dev.reflect.streams.topology.TopologyRuntime;
import dev.reflect.streams.topology.TopologySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One throughput run: a topology under {@code exactly_once_v2} with a fresh application id reads
 * the pre-produced check-ins from the beginning, and the run ends when the group's committed
 * offsets reach the end of every input partition, i.e. when every record is processed <em>and</em>
 * its results are committed. Both topologies get the very same Streams configuration (the streams
 * app's {@link ReflectStreamsConfig#base}: one stream thread, the exactly-once default commit
 * interval of 100 ms, the default cache); only the topology differs.
 */
final class StreamsThroughput {

    /** The topologies compared: Reflect, the floor, and the naive peer of issue 16. */
    enum Variant {
        REFLECT("A", "(A) ReflectTopology, production listener"),
        PLAIN_COUNT("B", "(B) groupByKey().count()"),
        NAIVE_PEER("C", "(C) naive peer: dedup window store, windowedBy daily, Jackson");

        private final String tag;
        private final String description;

        Variant(String tag, String description) {
            this.tag = tag;
            this.description = description;
        }

        String tag() {
            return tag;
        }

        String description() {
            return description;
        }

        /** {@code A,C} → REFLECT, NAIVE_PEER. */
        static Set<Variant> parseList(String list) {
            Set<Variant> chosen = EnumSet.noneOf(Variant.class);
            for (String tag : list.split(",")) {
                chosen.add(Arrays.stream(values())
                        .filter(v -> v.tag.equalsIgnoreCase(tag.trim()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown variant " + tag.trim() + " (A, B or C)\n" + StreamsBenchOptions.USAGE)));
            }
            return chosen;
        }
    }

    /**
     * @param secondsFromRunning from the first RUNNING state (group joined, tasks assigned) to all committed: the rate's basis
     * @param secondsFromStart   from {@code KafkaStreams.start()}, including joining the group
     * @param counted            records the topology's store accounts for afterwards (check-ins over all users, or the counts' sum)
     * @param deadLettered       records the run wrote to the dead-letter topic (only Reflect writes there)
     * @param streamThreadCpuSeconds CPU time the stream thread used from RUNNING to the end
     * @param profile            the stream thread's stack samples, when sampled; else null
     */
    record Run(
            Variant variant,
            String label,
            long records,
            double secondsFromRunning,
            double secondsFromStart,
            long counted,
            long deadLettered,
            CpuSample.Usage cpu,
            double streamThreadCpuSeconds,
            StreamsStackProfile profile) {

        double recordsPerSecond() {
            return records / secondsFromRunning;
        }

        /** CPU of the stream thread per record: the processing cost, whatever the neighbours do. */
        double streamThreadMicrosPerRecord() {
            return streamThreadCpuSeconds * 1e6 / records;
        }

        /** CPU of the whole JVM (broker, stream thread, producer, RocksDB, GC, JIT) per record. */
        double jvmMicrosPerRecord() {
            return cpu.jvmCores() * secondsFromRunning * 1e6 / records;
        }
    }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final long OFFSET_POLL_MILLIS = 50;
    private static final long SAMPLE_INTERVAL_MILLIS = 5;
    /** Leaving the group lets the next run start without a member of this one lingering on the broker. */
    private static final CloseOptions CLOSE = CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(60));

    private final Logger log = LoggerFactory.getLogger(StreamsThroughput.class);
    private final String bootstrapServers;
    private final Path stateRoot;
    private final Admin admin;
    private final Map<TopicPartition, Long> endOffsets;
    private final long records;
    private final Pseudonym pseudonym;
    private final int commitIntervalMs;

    StreamsThroughput(
            String bootstrapServers,
            Path stateRoot,
            Admin admin,
            Map<TopicPartition, Long> endOffsets,
            int commitIntervalMs) {
        this.commitIntervalMs = commitIntervalMs;
        this.bootstrapServers = bootstrapServers;
        this.stateRoot = stateRoot;
        this.admin = admin;
        this.endOffsets = Map.copyOf(endOffsets);
        this.records = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.pseudonym = Pseudonym.withSecret(secret);
    }

    /**
     * Runs {@code variant} once over the whole input. {@code whileRunning}, if given, sees the
     * still running Streams instance after the end was reached (to read its stores); {@code
     * afterClose}, if given, sees the state directory after a clean close, before it is deleted.
     */
    Run run(
            Variant variant,
            String label,
            boolean sample,
            Consumer<KafkaStreams> whileRunning,
            Consumer<Path> afterClose)
            throws InterruptedException {
        String applicationId = "reflect-bench-" + variant.tag() + "-" + label + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = stateRoot.resolve(applicationId);
        Properties properties = ReflectStreamsConfig.base(
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), applicationId, 0);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        if (commitIntervalMs > 0) {
            properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        }

        // A runs with the listener the streams app installs in production (population counters,
        // per-user series for the 1,000 most recently active users), so the cost measured is
        // the deployed one; B has nothing of the kind.
        ServiceMetrics metrics = ServiceMetrics.create(StreamsMetrics.METER_FILTER);
        StreamsMetrics streamsMetrics = StreamsMetrics.create(
                metrics.registry(),
                TopologySettings.defaults().perUserMetricsCap(),
                Optional.of(pseudonym),
                Clock.systemUTC());
        Topology topology = switch (variant) {
            // The input's real partition count, as the streams app reads it from the cluster: with
            // the standalone runtime's one partition, every record outside partition 0 looked
            // misplaced and took the re-route topic, an extra hop production does not make.
            case REFLECT ->
                ReflectTopology.build(
                        TopologySettings.defaults(),
                        TopologyRuntime.standalone()
                                .withListener(streamsMetrics.listener())
                                .withInputPartitions(endOffsets::size));
            case PLAIN_COUNT -> StreamsPlainCount.build();
            case NAIVE_PEER -> NaivePeerTopology.build();
        };

        AtomicLong runningAt = new AtomicLong();
        AtomicReference<CpuSample> cpuAtRunning = new AtomicReference<>();
        AtomicLong streamThreadCpuAtRunning = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING && runningAt.get() == 0) {
                cpuAtRunning.set(CpuSample.now());
                streamThreadCpuAtRunning.set(streamThreadCpuNanos(applicationId));
                runningAt.set(System.nanoTime());
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        StreamsStackProfile.Sampler sampler = null;
        long deadLettersBefore = deadLetters();
        long started = System.nanoTime();
        try {
            streams.start();
            long deadline = started + RUN_TIMEOUT.toNanos();
            while (!allCommitted(applicationId)) {
                if (failure.get() != null) {
                    throw new IllegalStateException(variant.tag() + " failed: " + failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant.tag() + " did not finish within " + RUN_TIMEOUT);
                }
                if (sample && sampler == null && runningAt.get() != 0) {
                    sampler = new StreamsStackProfile.Sampler(applicationId, SAMPLE_INTERVAL_MILLIS);
                }
                Thread.sleep(OFFSET_POLL_MILLIS);
            }
            long done = System.nanoTime();
            CpuSample cpuAtEnd = CpuSample.now();
            long streamThreadCpu = streamThreadCpuNanos(applicationId) - streamThreadCpuAtRunning.get();
            if (sampler != null) {
                sampler.close();
            }
            long from = runningAt.get() == 0 ? started : runningAt.get();
            CpuSample cpuFrom = cpuAtRunning.get() == null ? cpuAtEnd : cpuAtRunning.get();
            long counted = settledCount(variant, streams);
            long deadLettered = deadLetters() - deadLettersBefore;
            if (whileRunning != null) {
                whileRunning.accept(streams);
            }
            Run run = new Run(
                    variant,
                    label,
                    records,
                    (done - from) / 1e9,
                    (done - started) / 1e9,
                    counted,
                    deadLettered,
                    cpuFrom.until(cpuAtEnd),
                    streamThreadCpu / 1e9,
                    sampler == null ? null : sampler.profile());
            log.info(
                    "  {} {}: {} records in {} s from RUNNING ({} records/s), {} s from start; {} counted, {} "
                            + "dead-lettered; CPU per record: stream thread {} µs, JVM {} µs",
                    variant.tag(),
                    label,
                    records,
                    String.format("%.2f", run.secondsFromRunning()),
                    String.format("%,.0f", run.recordsPerSecond()),
                    String.format("%.2f", run.secondsFromStart()),
                    counted,
                    deadLettered,
                    String.format("%.1f", run.streamThreadMicrosPerRecord()),
                    String.format("%.1f", run.jvmMicrosPerRecord()));
            if (!streams.close(CLOSE)) {
                log.warn("  {} did not close cleanly within 60 s", applicationId);
            }
            if (afterClose != null) {
                afterClose.accept(stateDir.resolve(applicationId));
            }
            return run;
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            streams.close(CLOSE);
            streamsMetrics.close();
            metrics.close();
            cleanUp(applicationId, stateDir);
        }
    }

    /** CPU time so far of the application's stream threads (their names hold the application id). */
    static long streamThreadCpuNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && StreamsStackProfile.isStreamThread(info.getThreadName(), applicationId)) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos;
    }

    private boolean allCommitted(String applicationId) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            // Before the group exists the broker may answer with an error: not committed yet.
            return false;
        }
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (offset == null || offset.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the store accounts for once every task serves queries. Under load a transactional send
     * can fail (the broker's {@code OutOfOrderSequenceException} with transactions v2), and Kafka
     * Streams then wipes the task's state and restores it from its changelog; interactive queries
     * leave a restoring task's store out, so a count read at once may miss a whole partition even
     * though the offsets are committed. So the count is read again until it reaches the input or
     * stops changing for 5 s (at most 60 s); what it then says is what the report shows.
     */
    private long settledCount(Variant variant, KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (true) {
            long count;
            try {
                count = counted(variant, streams);
            } catch (InvalidStateStoreException e) {
                count = -1;
            }
            if (count == records || System.nanoTime() > deadline) {
                return Math.max(count, 0);
            }
            if (count != last) {
                last = count;
                stableSince = System.nanoTime();
                log.info(
                        "  {} store accounts for {} of {} records so far; a task may be restoring",
                        variant.tag(),
                        count,
                        records);
            } else if (count >= 0
                    && System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
                return count;
            }
            Thread.sleep(250);
        }
    }

    /** What the store accounts for: every input record should be in it exactly once. */
    private static long counted(Variant variant, KafkaStreams streams) {
        if (variant == Variant.REFLECT) {
            ReadOnlyKeyValueStore<String, UserState> users = streams.store(
                    StoreQueryParameters.fromNameAndType(StateStores.USER_STATE, QueryableStoreTypes.keyValueStore()));
            long checkIns = 0;
            try (KeyValueIterator<String, UserState> all = users.all()) {
                while (all.hasNext()) {
                    KeyValue<String, UserState> next = all.next();
                    checkIns += next.value.days().values().stream()
                            .mapToLong(f -> f.checkIns())
                            .sum();
                }
            }
            return checkIns;
        }
        if (variant == Variant.NAIVE_PEER) {
            ReadOnlyWindowStore<String, NaivePeerTopology.DayFigures> days =
                    streams.store(StoreQueryParameters.fromNameAndType(
                            NaivePeerTopology.DAILY_STORE, QueryableStoreTypes.windowStore()));
            long checkIns = 0;
            try (KeyValueIterator<Windowed<String>, NaivePeerTopology.DayFigures> all = days.all()) {
                while (all.hasNext()) {
                    checkIns += all.next().value.checkIns;
                }
            }
            return checkIns;
        }
        ReadOnlyKeyValueStore<String, Long> counts = streams.store(
                StoreQueryParameters.fromNameAndType(StreamsPlainCount.STORE, QueryableStoreTypes.keyValueStore()));
        long sum = 0;
        try (KeyValueIterator<String, Long> all = counts.all()) {
            while (all.hasNext()) {
                sum += all.next().value;
            }
        }
        return sum;
    }

    /** Each run's group, internal topics and state go, so the next run starts as clean as the first. */
    private void cleanUp(String applicationId, Path stateDir) {
        try {
            Set<String> internal = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .collect(Collectors.toSet());
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get();
            }
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
        } catch (ExecutionException e) {
            log.warn(
                    "  could not delete the internal topics or group of {}: {}",
                    applicationId,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StreamsBenchmark.deleteQuietly(stateDir);
    }

    /** Records in the dead-letter topic so far (the sum of its partitions' end offsets). */
    private long deadLetters() throws InterruptedException {
        try {
            Set<TopicPartition> partitions = admin
                    .describeTopics(List.of(Topics.DEADLETTER.name()))
                    .allTopicNames()
                    .get()
                    .get(Topics.DEADLETTER.name())
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(Topics.DEADLETTER.name(), p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the dead-letter topic's end offsets", e.getCause());
        }
    }

    /** The end offset of every partition of the check-in topic. */
    static Map<TopicPartition, Long> endOffsets(Admin admin, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(Topics.CHECKINS.name(), p), OffsetSpec.latest());
        }
        try {
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the input's end offsets", e.getCause());
        }
    }
}
