package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Topics;
import dev.reflect.events.crypto.LocalDataKeys;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ingest.KafkaEventPublisher;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KekSettings;
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
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
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
 * Each scenario is first warmed up until the JIT has settled ({@link JitWarmup}); then all of them
 * are measured back to back for a fixed time, in several rounds, so that each target's ratio can
 * be taken within a round ({@link BenchmarkReport}). HTTP load comes from {@code wrk} in a separate
 * process. Progress goes to stderr, the Markdown report to stdout. It is a program, not a test:
 * nothing here asserts on time. See {@code bench/run.sh} and BENCHMARKS.md.
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

    public static void main(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        BenchOptions options;
        try {
            options = args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))
                    ? null
                    : BenchOptions.parse(args);
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
            BenchSupport.deleteRecursively(workDir);
        }
    }

    private String run() throws IOException, InterruptedException {
        MachineInfo machine = MachineInfo.collect(Wrk.version());
        ZonedDateTime date = ZonedDateTime.now(ZoneId.systemDefault()).withNano(0);
        List<List<ScenarioResult>> rounds = new ArrayList<>();
        List<List<OpenLoopLoad.Window>> openRounds = new ArrayList<>();
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            // Bounded retention: the raw loop alone writes gigabytes, and the disk is shared.
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                    .dataDir(workDir.resolve("kafka"))
                    .port(0)
                    .config("log.segment.bytes", String.valueOf(128 << 20))
                    .config("log.retention.bytes", String.valueOf(256 << 20))
                    .config("log.retention.check.interval.ms", "10000")
                    .build();
            running.push(broker);
            broker.start();
            String topic = Topics.CHECKINS.name();
            broker.createTopics(options.partitions(), topic);
            KafkaClientConfig kafka = KafkaClientConfig.forBootstrapServers(broker.bootstrapServers());

            String secret = randomSecret();
            List<String> userIds = IntStream.range(0, options.users())
                    .mapToObj(i -> String.format(Locale.ROOT, "bench-user-%06d", i))
                    .toList();
            List<String> fragments = CheckInBodies.fragments(FRAGMENTS, Instant.now(), SEED);
            Path tokens = writeLines(
                    "tokens.txt",
                    userIds.stream()
                            .map(user -> DevTokens.mint(secret.getBytes(StandardCharsets.UTF_8), user, false))
                            .toList());
            Path fragmentFile = writeLines("fragments.txt", fragments);
            Wrk wrk = new Wrk(workDir, tokens, fragmentFile);

            List<ScenarioRunner> scenarios = new ArrayList<>();
            OpenLoopLoad openLoop = null;
            RawProducerLoop raw = null;
            if (options.scenarios().contains(Scenario.RAW)) {
                raw = new RawProducerLoop(
                        KafkaEventPublisher.producerConfig(kafka, IngestConfig.DEFAULT_WRITE_TIMEOUT),
                        topic,
                        userIds,
                        storedPayloads(fragments, userIds.get(0)));
                running.push(raw);
                scenarios.add(raw);
            }
            if (options.scenarios().contains(Scenario.PERF)) {
                scenarios.add(new ProducerPerfScenario(
                        workDir,
                        KafkaEventPublisher.producerConfig(kafka, IngestConfig.DEFAULT_WRITE_TIMEOUT),
                        topic,
                        options.users(),
                        storedRecords(fragments, userIds.get(0))));
            }
            HttpScenario.IngestCounters counters = null;
            if (options.scenarios().contains(Scenario.BATCH)
                    || options.scenarios().contains(Scenario.SINGLE)
                    || options.scenarios().contains(Scenario.OPEN)) {
                // Texts are sealed as in production; the key-encryption key is the development one.
                IngestApp ingest = IngestApp.create(IngestConfig.from(Env.of(Map.of(
                                JwtSettings.SECRET_VARIABLE,
                                secret,
                                IngestConfig.HOST_VARIABLE,
                                "127.0.0.1",
                                KekSettings.VALUE_VARIABLE,
                                KekSettings.DEVELOPMENT_KEYSET)))
                        .withPort(0)
                        .withBootstrapServers(broker.bootstrapServers())
                        .withRateLimit(RATE_LIMIT));
                running.push(ingest);
                ingest.start();
                String base = "http://127.0.0.1:" + ingest.port();
                String token = DevTokens.mint(secret.getBytes(StandardCharsets.UTF_8), userIds.get(0), false);
                smokeTest(
                        base + "/v1/check-ins",
                        token,
                        CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(0)),
                        202);
                smokeTest(
                        base + "/v1/check-ins/batch",
                        token,
                        "{\"checkIns\":[" + CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(1)) + "]}",
                        200);
                counters = new HttpScenario.IngestCounters(ingest.meterRegistry());
                if (options.scenarios().contains(Scenario.OPEN)) {
                    openLoop = new OpenLoopLoad(
                            ingest.port(),
                            "/v1/check-ins",
                            Files.readAllLines(tokens).stream()
                                    .map(t -> "Bearer " + t)
                                    .toList(),
                            fragments,
                            options.openConnections());
                    running.push(openLoop);
                }
                if (options.scenarios().contains(Scenario.BATCH)) {
                    scenarios.add(new HttpScenario(
                            Scenario.BATCH,
                            String.format(
                                    Locale.ROOT,
                                    "(c) POST /v1/check-ins/batch, %d check-ins a request",
                                    options.batchSize()),
                            wrk,
                            load(base + "/v1/check-ins/batch", options.batchConnections(), Wrk.Mode.BATCH),
                            counters));
                }
                if (options.scenarios().contains(Scenario.SINGLE)) {
                    scenarios.add(new HttpScenario(
                            Scenario.SINGLE,
                            "(b) POST /v1/check-ins",
                            wrk,
                            load(base + "/v1/check-ins", options.connections(), Wrk.Mode.SINGLE),
                            counters));
                }
            }
            if (options.scenarios().contains(Scenario.NOOP)) {
                NoOpEndpoint noOp = NoOpEndpoint.start();
                running.push(noOp);
                String url = "http://127.0.0.1:" + noOp.port() + NoOpEndpoint.PATH;
                smokeTest(url, "none", "{}", 202);
                scenarios.add(new HttpScenario(
                        Scenario.NOOP,
                        "(d) no-op Javalin POST, same load as (b)",
                        wrk,
                        load(url, options.connections(), Wrk.Mode.SINGLE),
                        null));
            }

            for (ScenarioRunner scenario : scenarios) {
                log.info("{}: warming up until the JIT settles ...", name(scenario));
                new JitWarmup(options.jitWarmupMin(), options.jitWarmupMax()).run(scenario::load);
            }
            if (openLoop != null) {
                int top = options.openRates().stream().max(Integer::compare).orElseThrow();
                log.info("(f) open-loop single-event ingest: warming up at {}/s ...", top);
                openLoop.drive(top, options.jitWarmupMin());
            }
            for (int round = 1; round <= options.rounds(); round++) {
                List<ScenarioResult> results = new ArrayList<>();
                for (ScenarioRunner scenario : scenarios) {
                    log.info("Round {}/{}, {} ...", round, options.rounds(), name(scenario));
                    if (!options.warmup().isZero()) {
                        scenario.load(options.warmup());
                    }
                    System.gc();
                    results.add(scenario.measure(options.measure()));
                }
                rounds.add(results);
                if (openLoop != null) {
                    openRounds.add(openLoopRound(openLoop, round));
                }
            }

            long rawAcknowledged = raw == null ? 0 : raw.totalAcknowledged();
            long serviceAccepted = counters == null ? 0 : (long) counters.accepted();
            long onTopic = recordsOn(kafka, topic);
            log.info(
                    "Topic {} holds {} records; the run had {} acknowledged (raw producer {}, ingest service {})",
                    topic,
                    onTopic,
                    rawAcknowledged + serviceAccepted,
                    rawAcknowledged,
                    serviceAccepted);
            if (onTopic < rawAcknowledged + serviceAccepted) {
                log.warn("Fewer records on the topic than were acknowledged: the numbers above are not trustworthy");
            }
        } finally {
            closeAll(running);
        }
        return BenchmarkReport.render(machine, options, date, rounds) + OpenLoopReport.render(options, openRounds);
    }

    /** Each offered rate, lowest first: its warm-up, then its measured window. */
    private List<OpenLoopLoad.Window> openLoopRound(OpenLoopLoad openLoop, int round) throws InterruptedException {
        List<OpenLoopLoad.Window> windows = new ArrayList<>();
        for (int rate : options.openRates().stream().sorted().toList()) {
            log.info("Round {}/{}, (f) open-loop single-event ingest at {}/s ...", round, options.rounds(), rate);
            if (!options.warmup().isZero()) {
                openLoop.drive(rate, options.warmup());
            }
            System.gc();
            OpenLoopLoad.Window window = openLoop.drive(rate, options.measure());
            log.info(
                    "  {} of {} accepted, p50 {} p99 {}, generator lag p99 {}",
                    window.accepted(),
                    window.due(),
                    StreamsLatencies.millis(window.latency().percentile(50)),
                    StreamsLatencies.millis(window.latency().percentile(99)),
                    StreamsLatencies.millis(window.lag().percentile(99)));
            windows.add(window);
        }
        return windows;
    }

    private Wrk.Load load(String url, int connections, Wrk.Mode mode) {
        return new Wrk.Load(url, options.wrkThreads(), connections, options.measure(), mode, options.batchSize());
    }

    private static String name(ScenarioRunner scenario) {
        return switch (scenario.scenario()) {
            case RAW -> "(a) raw KafkaProducer loop";
            case PERF -> "(e) Kafka's ProducerPerformance";
            case BATCH -> "(c) batch ingest";
            case SINGLE -> "(b) single-event ingest";
            case NOOP -> "(d) no-op endpoint";
            case OPEN -> "(f) open-loop single-event ingest";
        };
    }

    /** In reverse order of starting: clients and services before the broker they talk to. */
    private void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static final String PLACEHOLDER_EVENT_ID = "00000000-0000-4000-8000-000000000000";

    /** Check-ins as the service writes them, each with a placeholder eventId to stamp. */
    private static List<RawProducerLoop.EventIdTemplate> storedPayloads(List<String> fragments, String userId) {
        return storedRecords(fragments, userId).stream()
                .map(stored -> RawProducerLoop.EventIdTemplate.of(stored, PLACEHOLDER_EVENT_ID))
                .toList();
    }

    /**
     * Check-ins as the service writes them: userId and receivedAt added and the note sealed with a
     * data key of the person, so they have the stored records' size.
     */
    private static List<byte[]> storedRecords(List<String> fragments, String userId) {
        EventParser parser = new EventParser(Clock.systemUTC());
        TextSealer sealer = new TextSealer(new LocalDataKeys());
        Instant receivedAt = Instant.now();
        return fragments.stream()
                .map(fragment -> {
                    Validated<CheckIn> parsed = parser.clientCheckIn(
                            CheckInBodies.body(PLACEHOLDER_EVENT_ID, fragment).getBytes(StandardCharsets.UTF_8),
                            userId);
                    if (!parsed.isValid()) {
                        throw new IllegalStateException("a generated check-in is invalid: " + parsed.errors());
                    }
                    return Topics.CHECKINS
                            .valueSerde()
                            .serializer()
                            .serialize(
                                    Topics.CHECKINS.name(),
                                    sealer.seal(parsed.value().received(userId, receivedAt)));
                })
                .toList();
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
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus || response.body().contains("\"rejected\"")) {
                throw new IllegalStateException(
                        "smoke request to " + URI.create(url).getPath() + " answered " + response.statusCode()
                                + " instead of " + expectedStatus + ": " + response.body());
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
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (ExecutionException e) {
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
}
