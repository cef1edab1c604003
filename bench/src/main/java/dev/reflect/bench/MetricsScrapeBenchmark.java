package dev.reflect.bench;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics benchmark of the observability issue: {@code GET /metrics} of one streams-app
 * instance holding the per-user series of 1,000 users (the default cap), against the targets of a
 * median scrape under 50 ms and a body under 1 MiB.
 *
 * <p>One JVM runs a fresh embedded broker and the real streams app (exactly-once, the production
 * topology and metrics). Two weeks of check-ins and journal entries of {@code --users} synthetic
 * users, with varied triggers, behaviours, coping and offsets, go to the input topics; once every
 * user has series, the Kafka binder has seen the assigned partitions and the census has run, the
 * endpoint is scraped over HTTP as Prometheus would, one request at a time: first plain, then with
 * {@code Accept-Encoding: gzip} as Prometheus sends it. Progress goes to stderr, the Markdown
 * report to stdout. A program, not a test: nothing asserts on time.
 *
 * <pre>
 *   mvn -B -q -pl bench -am install -DskipTests
 *   java -cp "bench/target/reflect-bench.jar:bench/target/lib/*" dev.reflect.bench.MetricsScrapeBenchmark \
 *       [--users 1000] [--scrapes 300] [--dump scrape.txt]
 * </pre>
 */
public final class MetricsScrapeBenchmark {

    static final double TARGET_MEDIAN_MILLIS = 50;
    static final long TARGET_BYTES = 1024 * 1024;

    private static final long SEED = 20261126L;
    private static final int DAYS = 14;
    private static final int WARM_UP_SCRAPES = 100;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final ZoneOffset[] OFFSETS = {
        ZoneOffset.UTC,
        ZoneOffset.ofHours(1),
        ZoneOffset.ofHours(-5),
        ZoneOffset.ofHours(9),
        ZoneOffset.ofHoursMinutes(5, 30),
        ZoneOffset.ofHours(-8)
    };

    private final Logger log = LoggerFactory.getLogger(MetricsScrapeBenchmark.class);
    private final int users;
    private final int scrapes;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dump;

    /** @param dump where to write the last scrape for inspection; null for nowhere */
    private MetricsScrapeBenchmark(int users, int scrapes, Path dump) {
        this.users = users;
        this.scrapes = scrapes;
        this.dump = dump;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        int users = 1000;
        int scrapes = 300;
        Path dump = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--scrapes" -> scrapes = Integer.parseInt(args[i + 1]);
                case "--dump" -> dump = Path.of(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: MetricsScrapeBenchmark [--users N] [--scrapes N] [--dump FILE]");
            }
        }
        System.out.print(new MetricsScrapeBenchmark(users, scrapes, dump).run());
    }

    private String run() throws Exception {
        Path workDir = Files.createTempDirectory("reflect-metrics-bench");
        byte[] jwtSecret = new byte[32];
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(jwtSecret);
        new SecureRandom().nextBytes(pseudonymSecret);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), 0).start()) {
            broker.createTopics(6, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            StreamsAppConfig config = new StreamsAppConfig(
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    workDir.resolve("streams"),
                    "reflect-metrics-bench",
                    0,
                    JwtSettings.hs256(jwtSecret),
                    Optional.of(Pseudonym.withSecret(pseudonymSecret)),
                    KafkaClientConfig.forBootstrapServers(broker.bootstrapServers()),
                    TopologySettings.builder().perUserMetricsCap(users).build());
            StreamsApp app = StreamsApp.create(config).start();
            try {
                int events = produce(broker.bootstrapServers());
                log.info("Produced {} events of {} users; waiting for every user's series ...", events, users);
                URI metrics = URI.create("http://127.0.0.1:" + app.port() + "/metrics");
                waitFor("a series of every user, the census, and Kafka metrics after the assignment", () -> {
                    String text = text(metrics);
                    return count(text, "reflect_user_escalation_level{") == users
                            && text.contains("reflect_users_escalation{")
                            && text.contains("kafka_consumer_fetch_manager_records_lag{");
                });
                log.info("Warming up with {} scrapes ...", WARM_UP_SCRAPES);
                for (int i = 0; i < WARM_UP_SCRAPES; i++) {
                    scrape(metrics, i % 2 == 0);
                }
                log.info("Measuring {} scrapes, plain and gzip ...", scrapes);
                Measured plain = measure(metrics, false);
                Measured gzip = measure(metrics, true);
                CpuCost cpu = cpuCost((PrometheusMeterRegistry) app.meterRegistry());
                String text = text(metrics);
                if (dump != null) {
                    Files.writeString(dump, text);
                }
                return report(events, plain, gzip, cpu, text);
            } finally {
                app.stop();
            }
        } finally {
            BenchSupport.deleteRecursively(workDir);
        }
    }

    /** Check-ins on most of the last {@link #DAYS} days, and a journal entry with a thought record every few days. */
    private int produce(String bootstrapServers) throws InterruptedException, ExecutionException {
        Random random = new Random(SEED);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, CheckIn> checkIns = new KafkaProducer<>(
                        config,
                        Topics.CHECKINS.keySerde().serializer(),
                        Topics.CHECKINS.valueSerde().serializer());
                KafkaProducer<String, JournalEntry> journal = new KafkaProducer<>(
                        config,
                        Topics.JOURNAL.keySerde().serializer(),
                        Topics.JOURNAL.valueSerde().serializer())) {
            for (int u = 0; u < users; u++) {
                String userId = "bench-user-" + u;
                ZoneOffset offset = OFFSETS[u % OFFSETS.length];
                LocalDate today = LocalDate.ofInstant(now, offset);
                for (int d = DAYS - 1; d >= 0; d--) {
                    LocalDate day = today.minusDays(d);
                    OffsetDateTime at = OffsetDateTime.of(day, LocalTime.of(8 + random.nextInt(12), 0), offset);
                    if (at.toInstant().isAfter(now)) {
                        at = OffsetDateTime.ofInstant(now.minusSeconds(60), offset);
                    }
                    if (random.nextInt(10) < 8) {
                        CheckIn checkIn = checkIn(random, userId, at);
                        sent.add(checkIns.send(new ProducerRecord<>(Topics.CHECKINS.name(), userId, checkIn)));
                    }
                    if (random.nextInt(3) == 0) {
                        int before = 50 + random.nextInt(50);
                        JournalEntry entry = new JournalEntry(
                                UUID.randomUUID(),
                                at.plusMinutes(30),
                                "journal text",
                                new ThoughtRecord(
                                        "thought", "for", "against", "balanced", before, before - random.nextInt(50)),
                                userId,
                                at.plusMinutes(31).toInstant());
                        var unused = journal.send(new ProducerRecord<>(Topics.JOURNAL.name(), userId, entry));
                    }
                }
            }
            checkIns.flush();
            journal.flush();
        }
        for (Future<RecordMetadata> write : sent) {
            write.get();
        }
        return sent.size();
    }

    private static CheckIn checkIn(Random random, String userId, OffsetDateTime at) {
        TriggerCategory[] categories = TriggerCategory.values();
        List<Trigger> triggers = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            triggers.add(new Trigger(categories[random.nextInt(categories.length)], random.nextBoolean()));
        }
        BehaviorType[] types = BehaviorType.values();
        List<Behavior> behaviors = new ArrayList<>();
        List<BehaviorType> shuffled = new ArrayList<>(Arrays.asList(types));
        Collections.shuffle(shuffled, random);
        // Controlling is rare, device checks less common than asking: most users stay below HIGH.
        for (BehaviorType type : shuffled.subList(0, random.nextInt(3))) {
            if (type != BehaviorType.CONTROLLED || random.nextInt(20) == 0) {
                behaviors.add(new Behavior(type, 1 + random.nextInt(type == BehaviorType.SOUGHT_REASSURANCE ? 4 : 2)));
            }
        }
        CopingStrategy[] strategies = CopingStrategy.values();
        List<CopingStrategy> coping =
                random.nextBoolean() ? List.of() : List.of(strategies[random.nextInt(strategies.length)]);
        return new CheckIn(
                UUID.randomUUID(),
                at,
                Context.values()[random.nextInt(Context.values().length)],
                random.nextInt(11),
                triggers,
                behaviors,
                coping,
                null,
                userId,
                at.toInstant().plusSeconds(30));
    }

    private record Measured(double[] millis, long bytes) {

        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private Measured measure(URI metrics, boolean gzip) throws IOException, InterruptedException {
        double[] millis = new double[scrapes];
        long bytes = 0;
        for (int i = 0; i < scrapes; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = scrape(metrics, gzip);
            millis[i] = (System.nanoTime() - started) / 1e6;
            bytes = response.body().length;
        }
        return new Measured(millis, bytes);
    }

    /** CPU time of one scrape's parts, medians: steadier than wall time on a shared machine. */
    private record CpuCost(double renderMillis, double gzipMillis) {}

    /**
     * The CPU time this thread spends rendering the exposition and gzip-compressing it, as the
     * endpoint does for Prometheus; neighbours on the machine delay a scrape but do not change this.
     */
    private CpuCost cpuCost(PrometheusMeterRegistry registry) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] render = new double[scrapes];
        double[] gzip = new double[scrapes];
        for (int i = 0; i < scrapes; i++) {
            long started = threads.getCurrentThreadCpuTime();
            String text = registry.scrape();
            long rendered = threads.getCurrentThreadCpuTime();
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            long zipped = threads.getCurrentThreadCpuTime();
            render[i] = (rendered - started) / 1e6;
            gzip[i] = (zipped - rendered) / 1e6;
        }
        return new CpuCost(new Measured(render, 0).percentile(50), new Measured(gzip, 0).percentile(50));
    }

    private HttpResponse<byte[]> scrape(URI metrics, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).GET();
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode());
        }
        return response;
    }

    private String text(URI metrics) {
        try {
            return new String(scrape(metrics, false).body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitFor(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + READY_TIMEOUT);
            }
            Thread.sleep(1000);
        }
    }

    private static int count(String text, String prefix) {
        int count = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    private String report(int events, Measured plain, Measured gzip, CpuCost cpu, String text) {
        List<String> samples = Stream.of(text.split("\n"))
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
        List<String> perUser = samples.stream()
                .filter(line -> line.startsWith("reflect_user_"))
                .toList();
        long perUserBytes = perUser.stream()
                .mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length + 1)
                .sum();
        List<String> kafka =
                samples.stream().filter(line -> line.startsWith("kafka_")).toList();
        long kafkaBytes = kafka.stream()
                .mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length + 1)
                .sum();
        MachineInfo machine = MachineInfo.collect("not used");
        StringBuilder out = new StringBuilder();
        out.append("### /metrics scrape with ").append(users).append(" per-user users on one streams-app instance\n\n");
        out.append("Command: `java -cp \"bench/target/reflect-bench.jar:bench/target/lib/*\" "
                        + "dev.reflect.bench.MetricsScrapeBenchmark --users ")
                .append(users)
                .append(" --scrapes ")
                .append(scrapes)
                .append("`  \n");
        out.append("Machine: ")
                .append(machine.cores())
                .append(" cores (")
                .append(machine.cpuModel())
                .append("), ")
                .append(machine.memory())
                .append(", ")
                .append(machine.java())
                .append("; load average at the end ")
                .append(MachineInfo.currentLoadAverage())
                .append("  \n");
        out.append("Input: ")
                .append(events)
                .append(" check-ins (plus journal entries) over ")
                .append(DAYS)
                .append(" days; ")
                .append(WARM_UP_SCRAPES)
                .append(" warm-up scrapes, then ")
                .append(scrapes)
                .append(" measured one after another over HTTP from the same JVM\n\n");
        out.append("| request | median | p90 | p99 | max | body | target |\n|---|---|---|---|---|---|---|\n");
        row(out, "plain", plain);
        row(out, "`Accept-Encoding: gzip` (as Prometheus)", gzip);
        out.append('\n');
        out.append(String.format(
                Locale.ROOT,
                "CPU time per scrape (medians, in-process on one thread): rendering " + "%.1f ms, gzip %.1f ms.%n%n",
                cpu.renderMillis(),
                cpu.gzipMillis()));
        out.append(String.format(
                Locale.ROOT,
                "Samples: %d in all; %d per-user (%d users, %.1f per user) taking %s; "
                        + "%d Kafka client/Streams samples taking %s.%n",
                samples.size(),
                perUser.size(),
                count(text, "reflect_user_escalation_level{"),
                (double) perUser.size() / Math.max(1, users),
                kib(perUserBytes),
                kafka.size(),
                kib(kafkaBytes)));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Measured measured) {
        boolean pass = measured.percentile(50) < TARGET_MEDIAN_MILLIS && measured.bytes() < TARGET_BYTES;
        out.append(String.format(
                Locale.ROOT,
                "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s | %s |%n",
                name,
                measured.percentile(50),
                measured.percentile(90),
                measured.percentile(99),
                Arrays.stream(measured.millis()).max().orElse(0),
                kib(measured.bytes()),
                pass ? "PASS (median < 50 ms, < 1 MiB)" : "FAIL (median < 50 ms, < 1 MiB)"));
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
