package dev.reflect.bench;

import dev.reflect.events.SharingChange;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.state.Caseloads;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.topology.TopologySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caseload benchmark of the care-team issue: {@code GET /v1/caseload} of a clinician with 200
 * people, with 100,000 people in the stores, under a steady read load (target p99 under 300 ms);
 * and, in the same run and the same way, a clinician reading a person who shares with them
 * ({@code /v1/users/{id}/progress}: the grant checked on the copy holding the data, the read
 * audited on {@code reflect.audit.v1} before the answer) against the person reading themselves
 * ({@code /v1/me/progress}: neither).
 *
 * <p>One JVM runs a fresh embedded broker and one real streams app (exactly-once, production
 * topology). Every person gets one check-in, written straight to the input topic as the ingest
 * service writes it (Java producer, default murmur2 partitioner); {@code --caseload} of them share
 * with clinician {@code c-bench}, three in four of the rest with one of {@value #OTHER_CLINICIANS}
 * other clinicians, the rest with nobody. Once the app's consumer group has read every input
 * record, the caseload of {@code c-bench} lists everyone and the last person's progress answers,
 * the load runs open-loop: requests are sent at fixed times whatever the answers do, round robin
 * over the kinds (caseload, clinician progress, own progress, and a bare {@code acks=all} write as
 * the audit writer sends it, as a baseline), each kind at {@code --rate} per second; a latency
 * runs from the intended send time, so a stall shows up in every request it delays (no
 * coordinated omission). First {@code --warmup} seconds unmeasured, then {@code --seconds}
 * measured. Progress goes to stderr, the Markdown report to stdout and {@code --out}. A program,
 * not a test: nothing asserts on time.
 *
 * <pre>
 *   mvn -B -q -pl bench -am install -DskipTests
 *   java -Xms1g -Xmx3g -cp "bench/target/reflect-bench.jar:bench/target/lib/*" dev.reflect.bench.CaseloadBenchmark \
 *       [--people 100000] [--caseload 200] [--rate 20] [--warmup 20] [--seconds 60] [--out bench/target/caseload-report.md]
 * </pre>
 */
public final class CaseloadBenchmark {

    static final String CLINICIAN = "c-bench";
    static final double TARGET_P99_MILLIS = 300;
    static final int OTHER_CLINICIANS = 997;

    private static final long SEED = 20261204L;
    private static final int PARTITIONS = 6;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Not the audit topic: the baseline's records must not become anyone's access log. */
    private static final String PROBE_TOPIC = "bench.audit-probe";

    private final Logger log = LoggerFactory.getLogger(CaseloadBenchmark.class);
    private final Options options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Options(int people, int caseload, double rate, int warmupSeconds, int seconds, Path out) {

        static Options parse(String[] args) {
            int people = 100_000;
            int caseload = 200;
            double rate = 20;
            int warmup = 20;
            int seconds = 60;
            Path out = Path.of("bench", "target", "caseload-report.md");
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value; " + usage());
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--people" -> people = Integer.parseInt(value);
                    case "--caseload" -> caseload = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + usage());
                }
            }
            if (caseload < 1 || caseload > people) {
                throw new IllegalArgumentException("--caseload must be between 1 and --people");
            }
            if (rate <= 0 || seconds < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "--rate must be positive, --seconds at least 1, --warmup at least 0");
            }
            return new Options(people, caseload, rate, warmup, seconds, out);
        }

        static String usage() {
            return "usage: CaseloadBenchmark [--people N] [--caseload N] [--rate PER_SECOND_PER_KIND]"
                    + " [--warmup SECONDS] [--seconds SECONDS] [--out FILE]";
        }
    }

    /** What the load sends, round robin. */
    enum Kind {
        CASELOAD("`GET /v1/caseload` (c-bench, " + "caseload people)"),
        SHARED("`GET /v1/users/{id}/progress?days=28` (clinician; grant check + audit write)"),
        OWN("`GET /v1/me/progress?days=28` (the person; no check, no audit)"),
        AUDIT_WRITE("baseline: one `acks=all` record as the audit writer sends it (producer, no HTTP)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private CaseloadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        Options options = Options.parse(args);
        BenchSupport.writeReport(options.out(), new CaseloadBenchmark(options).run());
        System.exit(0);
    }

    /** Everyone's index that shares with {@link #CLINICIAN}: spread evenly over all people. */
    private boolean sharesWithBench(int person) {
        return person % (options.people() / options.caseload()) == 0
                && person / (options.people() / options.caseload()) < options.caseload();
    }

    private String run() throws Exception {
        MachineInfo machine = MachineInfo.collect("not used");
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        Path workDir = Files.createTempDirectory("reflect-caseload-bench");
        byte[] jwtSecret = new byte[32];
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(jwtSecret);
        new SecureRandom().nextBytes(pseudonymSecret);
        String applicationId = "reflect-caseload-bench";
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), 0).start()) {
            List<String> topics =
                    new ArrayList<>(Topics.ALL.stream().map(Topic::name).toList());
            topics.add(PROBE_TOPIC);
            broker.createTopics(PARTITIONS, topics.toArray(String[]::new));
            StreamsApp app = StreamsApp.create(new StreamsAppConfig(
                            "127.0.0.1",
                            0,
                            "127.0.0.1",
                            workDir.resolve("streams"),
                            applicationId,
                            0,
                            JwtSettings.hs256(jwtSecret),
                            Optional.of(Pseudonym.withSecret(pseudonymSecret)),
                            KafkaClientConfig.forBootstrapServers(broker.bootstrapServers()),
                            TopologySettings.defaults()))
                    .start();
            try {
                long loadStarted = System.nanoTime();
                List<Integer> benchPeople = new ArrayList<>();
                int grants = produceSharing(broker.bootstrapServers(), benchPeople);
                long bytes = StreamsInput.produceOneEach(broker.bootstrapServers(), options.people(), SEED);
                log.info(
                        "Produced {} grants and {} check-ins ({} MiB); waiting for the app to process them ...",
                        grants,
                        options.people(),
                        bytes / (1024 * 1024));
                String clinicianToken = "Bearer " + DevTokens.mint(jwtSecret, CLINICIAN, true);
                URI base = URI.create("http://127.0.0.1:" + app.port());
                String lastPerson = StreamsInput.userId(options.people() - 1);
                String lastToken = "Bearer " + DevTokens.mint(jwtSecret, lastPerson, false);
                try (Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                    waitFor("the app RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
                    waitFor("every input record read by the app", () -> inputLag(admin, applicationId) == 0);
                }
                waitFor("the caseload of " + CLINICIAN + " listing " + options.caseload() + " people", () -> {
                    String body = get(base.resolve("/v1/caseload"), clinicianToken);
                    // Every row rewritten since the person's check-in, not only since the grant.
                    return count(body, "\"userId\"") == options.caseload()
                            && count(body, "\"lastCheckInDay\":\"") == options.caseload();
                });
                waitFor("the last person's progress", () -> status(base.resolve("/v1/me/progress"), lastToken) == 200);
                double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
                String caseloadBody = get(base.resolve("/v1/caseload"), clinicianToken);
                log.info(
                        "Ready after {} s; caseload answer {} bytes. Load: {} s warm-up, then {} s measured ...",
                        String.format(Locale.ROOT, "%.0f", loadSeconds),
                        caseloadBody.length(),
                        options.warmupSeconds(),
                        options.seconds());
                List<Target> targets = targets(base, jwtSecret, benchPeople, clinicianToken);
                Map<String, Object> probeConfig =
                        new HashMap<>(KafkaClientConfig.forBootstrapServers(broker.bootstrapServers())
                                .base());
                try (Producer<String, byte[]> probe = auditLikeProducer(probeConfig)) {
                    var unusedWarmUp = load(targets, probe, options.warmupSeconds(), null);
                    Load measured = load(targets, probe, options.seconds(), new LoadSampler());
                    log.info("Service times, one request at a time ...");
                    ServiceTimes service = serviceTimes(targets, probe, app.kafkaStreams());
                    return report(machine, started, grants, loadSeconds, caseloadBody.length(), measured, service);
                }
            } finally {
                app.stop();
            }
        } finally {
            BenchSupport.deleteRecursively(workDir);
        }
    }

    /**
     * The grants, as the ingest service writes them (key userId): {@code --caseload} people share
     * with {@link #CLINICIAN}, three in four of the others with one of the other clinicians.
     */
    private int produceSharing(String bootstrapServers, List<Integer> benchPeople) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Random random = new Random(SEED);
        AtomicReference<Exception> failure = new AtomicReference<>();
        int grants = 0;
        try (KafkaProducer<String, SharingChange> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                Topics.SHARING.keySerde().serializer(),
                Topics.SHARING.valueSerde().serializer())) {
            for (int person = 0; person < options.people(); person++) {
                String clinician;
                if (sharesWithBench(person)) {
                    clinician = CLINICIAN;
                    benchPeople.add(person);
                } else if (random.nextInt(4) != 0) {
                    clinician = "c-other-" + random.nextInt(OTHER_CLINICIANS);
                } else {
                    continue;
                }
                String userId = StreamsInput.userId(person);
                var unused = producer.send(
                        new ProducerRecord<>(
                                Topics.SHARING.name(),
                                userId,
                                new SharingChange(
                                        new UUID(random.nextLong(), random.nextLong()),
                                        now,
                                        clinician,
                                        SharingChange.Action.GRANT,
                                        userId,
                                        now.toInstant())),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                grants++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the grants failed", failure.get());
        }
        return grants;
    }

    /** Records on the input topics the app's consumer group has not yet committed past. */
    private static long inputLag(Admin admin, String applicationId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.CHECKINS.name(), Topics.SHARING.name())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            long lag = 0;
            for (var end :
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A request target per kind; the people read are those who share with c-bench, in turn. */
    private record Target(Kind kind, URI uri, String authorization) {}

    private static List<Target> targets(URI base, byte[] secret, List<Integer> benchPeople, String clinicianToken) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < benchPeople.size(); i++) {
            String userId = StreamsInput.userId(benchPeople.get(i));
            String own = "Bearer " + DevTokens.mint(secret, userId, false);
            Target caseload = new Target(Kind.CASELOAD, base.resolve("/v1/caseload"), clinicianToken);
            Target shared =
                    new Target(Kind.SHARED, base.resolve("/v1/users/" + userId + "/progress?days=28"), clinicianToken);
            Target mine = new Target(Kind.OWN, base.resolve("/v1/me/progress?days=28"), own);
            Target audit = new Target(Kind.AUDIT_WRITE, null, userId);
            // Alternate which of the two progress paths goes first, so neither always follows the caseload.
            targets.addAll(
                    i % 2 == 0 ? List.of(caseload, shared, mine, audit) : List.of(caseload, mine, shared, audit));
        }
        return targets;
    }

    /** The settings of the streams app's audit writer ({@code KafkaCareRecords}). */
    private static Producer<String, byte[]> auditLikeProducer(Map<String, Object> config) {
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-audit-probe");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The latencies of one load phase, per kind, and what the machine did meanwhile. */
    private record Load(
            Map<Kind, StreamsLatencies> latencies,
            Map<Kind, AtomicInteger> failures,
            double offeredPerSecond,
            double achievedSendLagMillis,
            LoadSampler sampler,
            CpuSample.Usage cpu) {}

    /** The 1-minute load average every few seconds during the measured phase. */
    private static final class LoadSampler {
        private final List<Double> oneMinute = new ArrayList<>();

        void sample() {
            String load = MachineInfo.currentLoadAverage();
            try {
                oneMinute.add(Double.parseDouble(load.split(" ")[0]));
            } catch (NumberFormatException e) {
                // "unknown": nothing to add.
            }
        }

        String range() {
            if (oneMinute.isEmpty()) {
                return "unknown";
            }
            return String.format(
                    Locale.ROOT,
                    "%.1f–%.1f (1-minute, sampled every 5 s)",
                    oneMinute.stream().min(Comparator.naturalOrder()).orElseThrow(),
                    oneMinute.stream().max(Comparator.naturalOrder()).orElseThrow());
        }
    }

    /**
     * Open loop: request {@code n} is due at {@code start + n / (rate * kinds)} whatever happened to
     * the ones before; its latency runs from that time to its answer.
     */
    private Load load(List<Target> targets, Producer<String, byte[]> probe, int seconds, LoadSampler sampler)
            throws InterruptedException {
        Map<Kind, StreamsLatencies> latencies = new HashMap<>();
        Map<Kind, AtomicInteger> failures = new HashMap<>();
        for (Kind kind : Kind.values()) {
            latencies.put(kind, new StreamsLatencies());
            failures.put(kind, new AtomicInteger());
        }
        double perSecond = options.rate() * Kind.values().length;
        long intervalNanos = (long) (1e9 / perSecond);
        int total = (int) Math.round(perSecond * seconds);
        List<CompletableFuture<Void>> pending = new ArrayList<>(total);
        CpuSample cpuBefore = CpuSample.now();
        long start = System.nanoTime() + 10_000_000L;
        long nextSample = start;
        long sendLagNanos = 0;
        byte[] auditValue = new byte[180];
        for (int n = 0; n < total; n++) {
            long intended = start + n * intervalNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            sendLagNanos = Math.max(sendLagNanos, System.nanoTime() - intended);
            if (sampler != null && intended >= nextSample) {
                sampler.sample();
                nextSample += 5_000_000_000L;
            }
            Target target = targets.get(n % targets.size());
            StreamsLatencies into = latencies.get(target.kind());
            AtomicInteger failed = failures.get(target.kind());
            CompletableFuture<Void> done;
            if (target.kind() == Kind.AUDIT_WRITE) {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                try {
                    var unused = probe.send(
                            new ProducerRecord<>(PROBE_TOPIC, target.authorization(), auditValue), (m, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                }
                                into.add(System.nanoTime() - intended);
                                acked.complete(null);
                            });
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    into.add(StreamsLatencies.NEVER);
                    acked.complete(null);
                }
                done = acked;
            } else {
                HttpRequest request = HttpRequest.newBuilder(target.uri())
                        .timeout(REQUEST_TIMEOUT)
                        .header("Authorization", target.authorization())
                        .GET()
                        .build();
                done = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                        .handle((response, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                into.add(StreamsLatencies.NEVER);
                            } else {
                                if (response.statusCode() != 200) {
                                    failed.incrementAndGet();
                                }
                                into.add(System.nanoTime() - intended);
                            }
                            return null;
                        });
            }
            pending.add(done);
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("Not every request of the phase completed: {}", e.toString());
        }
        CpuSample.Usage cpu = cpuBefore.until(CpuSample.now());
        return new Load(latencies, failures, perSecond, sendLagNanos / 1e6, sampler, cpu);
    }

    /** Wall times with nothing else of ours in flight, and the parts of a caseload answer measured alone. */
    private record ServiceTimes(Map<String, StreamsLatencies> parts) {}

    private static final int SERVICE_ROUNDS = 100;

    /**
     * One request at a time, {@value #SERVICE_ROUNDS} rounds: the three HTTP kinds; the audit
     * writes of a caseload answer alone (one {@code acks=all} record per person, sent together and
     * all awaited, as {@code KafkaCareRecords.audit} does), and of a progress answer (one record);
     * and the caseload's prefix scan and decoding from the store, in this JVM, without HTTP.
     */
    private ServiceTimes serviceTimes(List<Target> targets, Producer<String, byte[]> probe, KafkaStreams streams)
            throws Exception {
        Map<String, StreamsLatencies> parts = new java.util.LinkedHashMap<>();
        for (String part : List.of(
                "`GET /v1/caseload`",
                "`GET /v1/users/{id}/progress?days=28` (clinician)",
                "`GET /v1/me/progress?days=28` (own)",
                "audit writes of one caseload answer alone (" + options.caseload() + " records, acks=all)",
                "audit write of one progress answer alone (1 record, acks=all)",
                "prefix scan + decode of the caseload rows (store, in-process)")) {
            parts.put(part, new StreamsLatencies());
        }
        List<StreamsLatencies> columns = new ArrayList<>(parts.values());
        int partition = streams.queryMetadataForKey(StateStores.CASELOADS, CLINICIAN, new StringSerializer())
                .partition();
        var store = streams.store(StoreQueryParameters.fromNameAndType(
                        StateStores.CASELOADS, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                .withPartition(partition));
        byte[] auditValue = new byte[180];
        for (int round = 0; round < SERVICE_ROUNDS; round++) {
            for (int k = 0; k < 3; k++) {
                Kind kind = Kind.values()[k];
                Target target = targets.stream()
                        .filter(t -> t.kind() == kind)
                        .skip(round % options.caseload())
                        .findFirst()
                        .orElseThrow();
                long began = System.nanoTime();
                int status = status(target.uri(), target.authorization());
                columns.get(k).add(status == 200 ? System.nanoTime() - began : StreamsLatencies.NEVER);
            }
            long began = System.nanoTime();
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < options.caseload(); i++) {
                acks.add(probe.send(new ProducerRecord<>(PROBE_TOPIC, StreamsInput.userId(i), auditValue)));
            }
            for (var ack : acks) {
                ack.get();
            }
            columns.get(3).add(System.nanoTime() - began);
            began = System.nanoTime();
            probe.send(new ProducerRecord<>(PROBE_TOPIC, StreamsInput.userId(round), auditValue))
                    .get();
            columns.get(4).add(System.nanoTime() - began);
            began = System.nanoTime();
            int rows = Caseloads.of(store, CLINICIAN).size();
            columns.get(5).add(rows == options.caseload() ? System.nanoTime() - began : StreamsLatencies.NEVER);
        }
        return new ServiceTimes(parts);
    }

    private String report(
            MachineInfo machine,
            ZonedDateTime started,
            int grants,
            double loadSeconds,
            int caseloadBytes,
            Load load,
            ServiceTimes service) {
        StringBuilder out = new StringBuilder();
        out.append("### Caseload and sharing-check benchmark, ")
                .append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Command: `java -Xms1g -Xmx3g -cp \"bench/target/reflect-bench.jar:bench/target/lib/*\" "
                        + "dev.reflect.bench.CaseloadBenchmark --people %d --caseload %d --rate %s --warmup %d "
                        + "--seconds %d`  %n",
                options.people(),
                options.caseload(),
                trim(options.rate()),
                options.warmupSeconds(),
                options.seconds()));
        out.append("Machine: ").append(machine.summary()).append("  \n");
        out.append("Load average: ")
                .append(machine.loadAverage())
                .append(" at the start; during the measured phase ")
                .append(load.sampler().range())
                .append("; CPU in use during it (whole machine / this JVM): ")
                .append(String.format(
                        Locale.ROOT,
                        "%.2f / %.2f cores",
                        load.cpu().machineCores(),
                        load.cpu().jvmCores()))
                .append("  \n");
        out.append(String.format(
                Locale.ROOT,
                "Stores: %,d people with one check-in each, %,d grants (%d to %s, the rest to %d other clinicians); "
                        + "%d partitions, one instance, exactly-once; loaded and processed in %.0f s; "
                        + "the caseload answer is %,d bytes  %n",
                options.people(),
                grants,
                options.caseload(),
                CLINICIAN,
                OTHER_CLINICIANS,
                PARTITIONS,
                loadSeconds,
                caseloadBytes));
        out.append(String.format(
                Locale.ROOT,
                "Load: open loop, %s requests/s of each kind (%s/s in all) interleaved round robin, %d s warm-up "
                        + "unmeasured, then %d s measured; latency from the intended send time; the sender "
                        + "fell at most %.1f ms behind its schedule%n%n",
                trim(options.rate()),
                trim(load.offeredPerSecond()),
                options.warmupSeconds(),
                options.seconds(),
                load.achievedSendLagMillis()));
        out.append("| request | n | p50 | p90 | p99 | max | failed |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Kind kind : Kind.values()) {
            StreamsLatencies latencies = load.latencies().get(kind);
            out.append("| ")
                    .append(kind.description.replace("caseload people", options.caseload() + " people"))
                    .append(" | ")
                    .append(latencies.count())
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(50)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(90)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(99)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.max()))
                    .append(" | ")
                    .append(load.failures().get(kind).get())
                    .append(" |\n");
        }
        Duration p99 = load.latencies().get(Kind.CASELOAD).percentile(99);
        boolean pass = p99 != null
                && p99.toNanos() != StreamsLatencies.NEVER
                && p99.toNanos() / 1e6 < TARGET_P99_MILLIS
                && load.failures().get(Kind.CASELOAD).get() == 0;
        out.append(String.format(
                Locale.ROOT,
                "%nTarget: caseload p99 < %.0f ms: **%s** (%s).%n",
                TARGET_P99_MILLIS,
                pass ? "PASS" : "FAIL",
                StreamsLatencies.millis(p99)));
        Duration shared = load.latencies().get(Kind.SHARED).percentile(50);
        Duration own = load.latencies().get(Kind.OWN).percentile(50);
        if (shared != null && own != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "Sharing check + audit on the progress path: p50 %+.1f ms, p99 %+.1f ms against the own path.%n",
                    (shared.toNanos() - own.toNanos()) / 1e6,
                    (load.latencies().get(Kind.SHARED).percentile(99).toNanos()
                                    - load.latencies()
                                            .get(Kind.OWN)
                                            .percentile(99)
                                            .toNanos())
                            / 1e6));
        }
        out.append(String.format(
                Locale.ROOT,
                "%nService times after the load, one at a time (%d rounds, wall clock):%n%n",
                SERVICE_ROUNDS));
        out.append("| what | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        for (var part : service.parts().entrySet()) {
            StreamsLatencies latencies = part.getValue();
            out.append("| ")
                    .append(part.getKey())
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(50)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(90)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.percentile(99)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(latencies.max()))
                    .append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%nLoad average at the end: %s.%n", MachineInfo.currentLoadAverage()));
        return out.toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private String get(URI uri, String authorization) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(REQUEST_TIMEOUT)
                            .header("Authorization", authorization)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private int status(URI uri, String authorization) {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(REQUEST_TIMEOUT)
                                    .header("Authorization", authorization)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        BenchSupport.waitFor(log, what, READY_TIMEOUT, Duration.ofSeconds(1), condition);
    }
}
