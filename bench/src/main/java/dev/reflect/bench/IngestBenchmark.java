package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EventParser;
import dev.reflect.events.Topics;
import dev.reflect.events.Validated;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ingest.IngestMetrics;
import dev.reflect.producer.ingest.KafkaEventPublisher;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest benchmark of the issue, in one run on a fresh embedded broker:
 * <ol type="a">
 *   <li>a plain {@code KafkaProducer} loop with the ingest service's producer configuration;</li>
 *   <li>single-event HTTP ingest, {@code POST /v1/check-ins};</li>
 *   <li>batch HTTP ingest, {@code POST /v1/check-ins/batch};</li>
 *   <li>a no-op Javalin endpoint under the same load as (b).</li>
 * </ol>
 * Each scenario warms up, then is measured for a fixed time; HTTP load comes from {@code wrk}
 * in a separate process. Progress goes to stderr, the Markdown report to stdout. It is a program,
 * not a test: nothing here asserts on time. See {@code bench/run.sh} and BENCHMARKS.md.
 */
public final class IngestBenchmark {

    /**
     * The per-user limit stays on, so its cost is measured, but is raised far above what the load
     * can reach: the benchmark is about throughput, and the default (60/min) would turn most of
     * the load into 429s.
     */
    static final RateLimit RATE_LIMIT = new RateLimit(1_000_000, 1_000_000);

    private static final int FRAGMENTS = 512;
    private static final long SEED = 20261126L;

    private final BenchOptions options;
    private final Path workDir;
    private final Logger log = LoggerFactory.getLogger(IngestBenchmark.class);

    private IngestBenchmark(BenchOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        BenchOptions options;
        try {
            options = args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))
                    ? null : BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        Path workDir = Files.createTempDirectory("reflect-bench");
        try {
            System.out.println(new IngestBenchmark(options, workDir).run());
        } finally {
            deleteRecursively(workDir);
        }
    }

    private String run() throws IOException {
        MachineInfo machine = MachineInfo.collect(Wrk.version());
        ZonedDateTime date = ZonedDateTime.now().withNano(0);
        List<ScenarioResult> results = new ArrayList<>();
        // Bounded retention: the raw loop alone writes gigabytes, and the disk is shared.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(workDir.resolve("kafka")).port(0)
                .config("log.segment.bytes", String.valueOf(128 << 20))
                .config("log.retention.bytes", String.valueOf(256 << 20))
                .config("log.retention.check.interval.ms", "10000")
                .build()) {
            broker.start();
            String topic = Topics.CHECKINS.name();
            broker.createTopics(options.partitions(), topic);
            KafkaClientConfig kafka = KafkaClientConfig.forBootstrapServers(broker.bootstrapServers());

            String secret = randomSecret();
            List<String> userIds = IntStream.range(0, options.users())
                    .mapToObj(i -> String.format(Locale.ROOT, "bench-user-%06d", i)).toList();
            List<String> fragments = CheckInBodies.fragments(FRAGMENTS, Instant.now(), SEED);
            Path tokens = writeLines("tokens.txt", userIds.stream()
                    .map(user -> DevTokens.mint(secret.getBytes(StandardCharsets.UTF_8), user, false)).toList());
            Path fragmentFile = writeLines("fragments.txt", fragments);
            Wrk wrk = new Wrk(workDir, tokens, fragmentFile);

            long rawAcknowledged = 0;
            if (options.scenarios().contains(Scenario.RAW)) {
                log.info("(a) raw KafkaProducer loop ...");
                RawProducerLoop.Result raw = new RawProducerLoop(
                        KafkaEventPublisher.producerConfig(kafka, IngestConfig.DEFAULT_WRITE_TIMEOUT), topic, userIds,
                        storedPayloads(fragments, userIds.get(0))).run(warmup(), options.measure());
                rawAcknowledged = raw.totalAcknowledged();
                results.add(new ScenarioResult(Scenario.RAW, "(a) raw KafkaProducer loop, same producer config",
                        raw.acknowledgedPerSecond(), null, null, null, raw.cpu(), null,
                        String.join("; ", Stream.concat(jitNote(raw.cpu()).stream(),
                                raw.failed() == 0 ? Stream.empty() : Stream.of(raw.failed() + " sends failed")).toList())));
            }

            long serviceAccepted = 0;
            if (options.scenarios().contains(Scenario.BATCH) || options.scenarios().contains(Scenario.SINGLE)) {
                IngestConfig config = IngestConfig.from(Env.of(Map.of(
                                JwtSettings.SECRET_VARIABLE, secret,
                                IngestConfig.HOST_VARIABLE, "127.0.0.1")))
                        .withPort(0)
                        .withBootstrapServers(broker.bootstrapServers())
                        .withRateLimit(RATE_LIMIT);
                try (IngestApp ingest = IngestApp.create(config).start()) {
                    String base = "http://127.0.0.1:" + ingest.port();
                    String token = DevTokens.mint(secret.getBytes(StandardCharsets.UTF_8), userIds.get(0), false);
                    smokeTest(base + "/v1/check-ins", token,
                            CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(0)), 202);
                    smokeTest(base + "/v1/check-ins/batch", token, "{\"checkIns\":["
                            + CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(1)) + "]}", 200);
                    IngestCounters counters = new IngestCounters(ingest.meterRegistry());
                    if (options.scenarios().contains(Scenario.BATCH)) {
                        log.info("(c) batch ingest ...");
                        results.add(http(wrk, Scenario.BATCH, String.format(Locale.ROOT,
                                        "(c) POST /v1/check-ins/batch, %d check-ins a request", options.batchSize()),
                                base + "/v1/check-ins/batch", Wrk.Mode.BATCH, options.batchConnections(), counters));
                    }
                    if (options.scenarios().contains(Scenario.SINGLE)) {
                        log.info("(b) single-event ingest ...");
                        results.add(http(wrk, Scenario.SINGLE, "(b) POST /v1/check-ins",
                                base + "/v1/check-ins", Wrk.Mode.SINGLE, options.connections(), counters));
                    }
                    serviceAccepted = (long) counters.accepted.getAsLong();
                }
            }

            if (options.scenarios().contains(Scenario.NOOP)) {
                try (NoOpEndpoint noOp = NoOpEndpoint.start()) {
                    String url = "http://127.0.0.1:" + noOp.port() + NoOpEndpoint.PATH;
                    smokeTest(url, "none", "{}", 202);
                    log.info("(d) no-op Javalin endpoint ...");
                    results.add(http(wrk, Scenario.NOOP, "(d) no-op Javalin POST, same load as (b)", url,
                            Wrk.Mode.SINGLE, options.connections(), null));
                }
            }

            long onTopic = recordsOn(kafka, topic);
            log.info("Topic {} holds {} records; the run had {} acknowledged (raw producer {}, ingest service {})",
                    topic, onTopic, rawAcknowledged + serviceAccepted, rawAcknowledged, serviceAccepted);
            if (onTopic < rawAcknowledged + serviceAccepted) {
                log.warn("Fewer records on the topic than were acknowledged: the numbers above are not trustworthy");
            }
        }
        return BenchmarkReport.render(machine, options, date, results);
    }

    /**
     * Warm-up run, then the measured run. For the ingest scenarios the service's own counters say
     * how many events Kafka acknowledged in the window; that count, not wrk's, is the event rate,
     * and any event the service rejected or failed to write is reported against the row.
     */
    private ScenarioResult http(Wrk wrk, Scenario scenario, String description, String url, Wrk.Mode mode,
                                int connections, IngestCounters counters) {
        warmup().run(slice -> {
            WrkResult warm = wrk.run(new Wrk.Load(url, options.wrkThreads(), connections, slice, mode,
                    options.batchSize()));
            if (warm.problems() > 0) {
                log.warn("  warm-up slice: {} of {} requests had problems", warm.problems(), warm.requests());
            }
        });
        System.gc();
        double acceptedBefore = counters == null ? 0 : counters.accepted.getAsLong();
        double unsuccessfulBefore = counters == null ? 0 : counters.unsuccessful();
        CpuSample start = CpuSample.now();
        WrkResult measured = wrk.run(new Wrk.Load(url, options.wrkThreads(), connections, options.measure(), mode,
                options.batchSize()));
        CpuSample end = CpuSample.now();
        CpuSample.Usage cpu = start.until(end);
        List<String> notes = new ArrayList<>();
        jitNote(cpu).ifPresent(notes::add);
        if (measured.problems() > 0) {
            notes.add(String.format(Locale.ROOT, "%d non-2xx, %d socket errors, %d timeouts", measured.statusErrors(),
                    measured.connectErrors() + measured.readErrors() + measured.writeErrors(), measured.timeouts()));
        }
        Double eventsPerSecond = null;
        if (counters != null) {
            double accepted = counters.accepted.getAsLong() - acceptedBefore;
            double unsuccessful = counters.unsuccessful() - unsuccessfulBefore;
            if (unsuccessful > 0) {
                notes.add(String.format(Locale.ROOT, "%.0f events rejected or not written", unsuccessful));
            }
            eventsPerSecond = accepted / WrkResult.seconds(measured.duration());
            long perRequest = mode == Wrk.Mode.BATCH ? options.batchSize() : 1;
            log.info("  measured: {} requests ({} events by wrk's count), {} events acknowledged by the service's count",
                    measured.successfulRequests(), measured.successfulRequests() * perRequest, (long) accepted);
        }
        log.info("  p50 {} p90 {} p99 {} p99.9 {} max {}; wrk used {} cores", BenchmarkReport.latency(measured.p50()),
                BenchmarkReport.latency(measured.p90()), BenchmarkReport.latency(measured.p99()),
                BenchmarkReport.latency(measured.p999()), BenchmarkReport.latency(measured.max()),
                String.format(Locale.ROOT, "%.2f", measured.cpuCores()));
        return new ScenarioResult(scenario, description, eventsPerSecond, measured.successfulRequestsPerSecond(),
                measured.p50(), measured.p99(), cpu, measured.cpuCores(), String.join("; ", notes));
    }

    private JitWarmup warmup() {
        return new JitWarmup(options.warmup(), options.maxWarmup());
    }

    /** A measurement taken while the JIT was still busy understates the steady state; say so in the row. */
    private static java.util.Optional<String> jitNote(CpuSample.Usage cpu) {
        return JitWarmup.settled(cpu.jitCores()) ? java.util.Optional.empty()
                : java.util.Optional.of(String.format(Locale.ROOT, "JIT still compiling (%.2f cores)", cpu.jitCores()));
    }

    /** {@code reflect_ingest_events_total{type="checkin"}}, read from the running service. */
    private static final class IngestCounters {

        final LongSupplier accepted;
        private final LongSupplier rejected;
        private final LongSupplier failed;

        IngestCounters(MeterRegistry registry) {
            this.accepted = counter(registry, "accepted");
            this.rejected = counter(registry, "rejected");
            this.failed = counter(registry, "failed");
        }

        double unsuccessful() {
            return rejected.getAsLong() + failed.getAsLong();
        }

        private static LongSupplier counter(MeterRegistry registry, String outcome) {
            var counter = registry.get(IngestMetrics.NAME).tag("type", "checkin").tag("outcome", outcome).counter();
            return () -> (long) counter.count();
        }
    }

    /** Check-ins as the service writes them (userId, receivedAt), each with a placeholder eventId to stamp. */
    private static List<RawProducerLoop.EventIdTemplate> storedPayloads(List<String> fragments, String userId) {
        EventParser parser = new EventParser(Clock.systemUTC());
        String placeholder = "00000000-0000-4000-8000-000000000000";
        Instant receivedAt = Instant.now();
        return fragments.stream().map(fragment -> {
            Validated<CheckIn> parsed = parser.clientCheckIn(
                    CheckInBodies.body(placeholder, fragment).getBytes(StandardCharsets.UTF_8), userId);
            if (!parsed.isValid()) {
                throw new IllegalStateException("a generated check-in is invalid: " + parsed.errors());
            }
            byte[] stored = Topics.CHECKINS.valueSerde().serializer()
                    .serialize(Topics.CHECKINS.name(), parsed.value().received(userId, receivedAt));
            return RawProducerLoop.EventIdTemplate.of(stored, placeholder);
        }).toList();
    }

    /** One request before the load, so a misconfiguration fails loudly instead of measuring 401s. */
    private static void smokeTest(String url, String token, String body, int expectedStatus) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus || response.body().contains("\"rejected\"")) {
                throw new IllegalStateException("smoke request to " + URI.create(url).getPath() + " answered "
                        + response.statusCode() + " instead of " + expectedStatus + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long recordsOn(KafkaClientConfig kafka, String topic) {
        try (Admin admin = Admin.create(kafka.base())) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not read the topic's end offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh HS256 secret per run: the tokens written to the work directory are worthless afterwards. */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Path writeLines(String name, List<String> lines) throws IOException {
        return Files.write(workDir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
