package dev.reflect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export benchmark of the data-rights issue: {@code GET /v1/me/export} of a person with 90
 * days of data takes under 2 s (contract section 9), against {@code GET /v1/me/entries?limit=100}
 * (one page of the same person's entries, texts opened the same way) and {@code GET
 * /v1/me/progress?days=90} measured in the same run, one request at a time.
 *
 * <p>One JVM runs a fresh embedded broker, the ingest service and one streams app (exactly-once,
 * production topology). The person sends everything through the ingest service, so every text is
 * sealed as in production: {@code --per-day} check-ins a day with a {@value #NOTE_CHARS}-character
 * note, one journal entry a day with a text and a full thought record, a GAD-7 every 7 days, for
 * {@code --days} days up to now; they share with two clinicians, who read their data (so the access
 * log has lines). {@code --others} more people have one check-in each, so the stores are not the
 * person's alone. Once the export holds every entry (the readiness checks ask for exports), one
 * export is timed on its own, then {@code --warmup} rounds unmeasured and {@code --rounds} measured, each
 * round one request of each kind, whole bodies read. A program, not a test: nothing asserts on time.
 *
 * <pre>
 *   mvn -B -q -pl bench -am install -DskipTests
 *   java -Xms1g -Xmx2g -cp "bench/target/reflect-bench.jar:bench/target/lib/*" dev.reflect.bench.ExportBenchmark \
 *       [--days 90] [--per-day 4] [--others 2000] [--warmup 20] [--rounds 50] [--out bench/target/export-report.md]
 * </pre>
 */
public final class ExportBenchmark {

    static final double TARGET_MILLIS = 2000;
    static final int NOTE_CHARS = 300;

    private static final long SEED = 20261205L;
    private static final int PARTITIONS = 6;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String PERSON = "u-export-bench";
    private static final List<String> CLINICIANS = List.of("c-export-bench-1", "c-export-bench-2");

    private final Logger log = LoggerFactory.getLogger(ExportBenchmark.class);
    private final Options options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Random random = new Random(SEED);

    record Options(int days, int perDay, int others, int warmup, int rounds, Path out) {

        static Options parse(String[] args) {
            int days = 90;
            int perDay = 4;
            int others = 2000;
            int warmup = 20;
            int rounds = 50;
            Path out = Path.of("bench", "target", "export-report.md");
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value; " + usage());
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--days" -> days = Integer.parseInt(value);
                    case "--per-day" -> perDay = Integer.parseInt(value);
                    case "--others" -> others = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + usage());
                }
            }
            if (days < 1 || days > 90 || perDay < 1 || perDay * days > 500 || others < 0 || rounds < 1 || warmup < 0) {
                throw new IllegalArgumentException("--days 1..90, --per-day at least 1 and at most 500 check-ins in"
                        + " all (one batch), --others and --warmup at least 0, --rounds at least 1");
            }
            return new Options(days, perDay, others, warmup, rounds, out);
        }

        static String usage() {
            return "usage: ExportBenchmark [--days N] [--per-day N] [--others N] [--warmup N] [--rounds N] [--out FILE]";
        }
    }

    /** What is timed, one of each per round. */
    enum Kind {
        EXPORT("/v1/me/export", "`GET /v1/me/export` (everything, texts opened)"),
        ENTRIES("/v1/me/entries?limit=100", "baseline: `GET /v1/me/entries?limit=100` (one page, texts opened)"),
        PROGRESS("/v1/me/progress?days=90", "baseline: `GET /v1/me/progress?days=90`");

        final String path;
        final String description;

        Kind(String path, String description) {
            this.path = path;
            this.description = description;
        }
    }

    private ExportBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/bench/logback-bench.xml");
        }
        Options options = Options.parse(args);
        BenchSupport.writeReport(options.out(), new ExportBenchmark(options).run());
        System.exit(0);
    }

    private String run() throws Exception {
        MachineInfo machine = MachineInfo.collect("not used");
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        Path workDir = Files.createTempDirectory("reflect-export-bench");
        byte[] jwtSecret = new byte[32];
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(jwtSecret);
        new SecureRandom().nextBytes(pseudonymSecret);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), 0).start()) {
            broker.createTopics(PARTITIONS, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            KafkaClientConfig kafka = KafkaClientConfig.forBootstrapServers(broker.bootstrapServers());
            StreamsApp app = StreamsApp.create(new StreamsAppConfig(
                            "127.0.0.1",
                            0,
                            "127.0.0.1",
                            workDir.resolve("streams"),
                            "reflect-export-bench",
                            0,
                            JwtSettings.hs256(jwtSecret),
                            Optional.of(Pseudonym.withSecret(pseudonymSecret)),
                            kafka,
                            TopologySettings.defaults()))
                    .start();
            URI query = URI.create("http://127.0.0.1:" + app.port());
            IngestApp ingest = IngestApp.create(new IngestConfig(
                                    "127.0.0.1",
                                    0,
                                    JwtSettings.hs256(jwtSecret),
                                    kafka,
                                    Duration.ofSeconds(10),
                                    RateLimit.OFF)
                            .withQueryUrl(query))
                    .start();
            try {
                URI writes = URI.create("http://127.0.0.1:" + ingest.port());
                String token = "Bearer " + DevTokens.mint(jwtSecret, PERSON, false);
                long loadStarted = System.nanoTime();
                if (options.others() > 0) {
                    StreamsInput.produceOneEach(broker.bootstrapServers(), options.others(), SEED);
                }
                Sent sent = sendHistory(writes, token);
                log.info(
                        "Sent {} entries and {} GAD-7s; waiting for the export to hold them ...",
                        sent.entries(),
                        sent.measures());
                for (String clinician : CLINICIANS) {
                    String clinicianToken = "Bearer " + DevTokens.mint(jwtSecret, clinician, true);
                    waitFor(
                            clinician + " reading the person",
                            () -> status(query.resolve("/v1/users/" + PERSON + "/entries"), clinicianToken) == 200
                                    && status(query.resolve("/v1/users/" + PERSON + "/progress"), clinicianToken)
                                            == 200);
                }
                waitFor("the export holding everything", () -> {
                    JsonNode export = json(query.resolve(Kind.EXPORT.path), token);
                    return export != null
                            && export.path("entries").size() == sent.entries()
                            && export.path("measures")
                                            .path("GAD7")
                                            .path("scores")
                                            .size()
                                    == sent.measures()
                            && export.path("accessLog").size() >= CLINICIANS.size()
                            && export.path("entries").toString().indexOf("\"unreadable\"") < 0;
                });
                double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
                long firstBegan = System.nanoTime();
                Response first = get(query.resolve(Kind.EXPORT.path), token);
                long firstNanos = System.nanoTime() - firstBegan;
                log.info(
                        "Ready after {} s; first export {} ms, {} bytes",
                        Math.round(loadSeconds),
                        firstNanos / 1_000_000,
                        first.bytes());
                Map<Kind, StreamsLatencies> latencies = new LinkedHashMap<>();
                Map<Kind, Integer> bytes = new LinkedHashMap<>();
                for (Kind kind : Kind.values()) {
                    latencies.put(kind, new StreamsLatencies());
                }
                for (int round = -options.warmup(); round < options.rounds(); round++) {
                    for (Kind kind : Kind.values()) {
                        long began = System.nanoTime();
                        Response response = get(query.resolve(kind.path), token);
                        long took = System.nanoTime() - began;
                        if (round >= 0) {
                            latencies.get(kind).add(response.status() == 200 ? took : StreamsLatencies.NEVER);
                            bytes.put(kind, response.bytes());
                        }
                    }
                }
                return report(machine, started, sent, loadSeconds, first, firstNanos, latencies, bytes);
            } finally {
                ingest.stop();
                app.stop();
            }
        } finally {
            BenchSupport.deleteRecursively(workDir);
        }
    }

    private record Sent(int entries, int measures) {}

    private record Response(int status, int bytes) {}

    /** The person's days, oldest first, through the ingest service as a client sends them. */
    private Sent sendHistory(URI ingest, String token) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        List<String> checkIns = new ArrayList<>();
        int journals = 0;
        int measures = 0;
        for (int d = options.days() - 1; d >= 0; d--) {
            OffsetDateTime day = now.minusDays(d).minusHours(options.perDay() + 2L);
            for (int c = 0; c < options.perDay(); c++) {
                checkIns.add("""
                        {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":%d,
                         "triggers":[{"category":"PARTNER_UNRESPONSIVE","tiedToPast":true}],
                         "behaviors":[{"type":"SOUGHT_REASSURANCE","count":%d}],"coping":["CHALLENGED_THOUGHT"],
                         "note":"%s"}""".formatted(
                                UUID.randomUUID(),
                                day.plusHours(c),
                                random.nextInt(11),
                                1 + random.nextInt(3),
                                words(NOTE_CHARS)));
            }
            post(
                    ingest.resolve("/v1/journal-entries"),
                    token,
                    """
                    {"eventId":"%s","occurredAt":"%s","text":"%s",
                     "thoughtRecord":{"automaticThought":"%s","evidenceFor":"%s","evidenceAgainst":"%s",
                                      "balancedThought":"%s","beliefBefore":80,"beliefAfter":%d}}""".formatted(
                                    UUID.randomUUID(),
                                    day.plusHours(options.perDay()),
                                    words(600),
                                    words(120),
                                    words(120),
                                    words(120),
                                    words(160),
                                    20 + random.nextInt(60)),
                    202);
            journals++;
            if (d % 7 == 0) {
                StringBuilder items = new StringBuilder();
                for (int i = 0; i < 7; i++) {
                    items.append(i == 0 ? "" : ",").append(random.nextInt(4));
                }
                post(
                        ingest.resolve("/v1/measures"),
                        token,
                        """
                        {"eventId":"%s","occurredAt":"%s","instrument":"GAD7","items":[%s]}""".formatted(UUID.randomUUID(), day.plusHours(options.perDay() + 1L), items),
                        202);
                measures++;
            }
        }
        String batch = post(
                ingest.resolve("/v1/check-ins/batch"),
                token,
                "{\"checkIns\":[" + String.join(",", checkIns) + "]}",
                200);
        if (batch.contains("\"rejected\"")) {
            throw new IllegalStateException("the ingest service rejected check-ins of the history: " + batch);
        }
        for (String clinician : CLINICIANS) {
            put(ingest.resolve("/v1/me/sharing/" + clinician), token);
        }
        return new Sent(checkIns.size() + journals, measures);
    }

    private static final String[] WORDS = {
        "they",
        "did",
        "not",
        "answer",
        "again",
        "and",
        "I",
        "felt",
        "the",
        "old",
        "fear",
        "come",
        "back",
        "so",
        "checked",
        "phone",
        "twice",
        "then",
        "called",
        "my",
        "friend",
        "instead",
        "breathing",
        "helped",
        "a",
        "little"
    };

    /** Plain words, about {@code chars} characters. */
    private String words(int chars) {
        StringBuilder text = new StringBuilder(chars + 10);
        while (text.length() < chars) {
            text.append(text.length() == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private String report(
            MachineInfo machine,
            ZonedDateTime started,
            Sent sent,
            double loadSeconds,
            Response first,
            long firstNanos,
            Map<Kind, StreamsLatencies> latencies,
            Map<Kind, Integer> bytes) {
        StringBuilder out = new StringBuilder();
        out.append("### Export benchmark, ")
                .append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Command: `java -Xms1g -Xmx2g -cp \"bench/target/reflect-bench.jar:bench/target/lib/*\" "
                        + "dev.reflect.bench.ExportBenchmark --days %d --per-day %d --others %d --warmup %d --rounds %d`  %n",
                options.days(),
                options.perDay(),
                options.others(),
                options.warmup(),
                options.rounds()));
        out.append("Machine: ").append(machine.summary()).append("  \n");
        out.append("Load average: ")
                .append(machine.loadAverage())
                .append(" at the start, ")
                .append(MachineInfo.currentLoadAverage())
                .append(" at the end  \n");
        out.append(String.format(
                Locale.ROOT,
                "The person: %d days, %d entries (%d check-ins a day with a %d-character note, one journal entry a"
                        + " day with a text and a thought record), %d GAD-7s, 2 clinicians who read them; %,d other"
                        + " people; %d partitions, one instance, exactly-once; loaded in %.0f s  %n",
                options.days(),
                sent.entries(),
                options.perDay(),
                NOTE_CHARS,
                sent.measures(),
                options.others(),
                PARTITIONS,
                loadSeconds));
        out.append(String.format(
                Locale.ROOT,
                "First export timed once everything was in: %.0f ms, %,d bytes (the readiness checks before it"
                        + " had asked for exports already, so the JVM was not cold)  %n",
                firstNanos / 1e6,
                first.bytes()));
        out.append(String.format(
                Locale.ROOT,
                "Then %d rounds unmeasured and %d measured, each one request of each kind in turn, whole body read%n%n",
                options.warmup(),
                options.rounds()));
        out.append("| request | bytes | n | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Kind kind : Kind.values()) {
            StreamsLatencies measured = latencies.get(kind);
            out.append("| ")
                    .append(kind.description)
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", bytes.getOrDefault(kind, 0)))
                    .append(" | ")
                    .append(measured.count())
                    .append(" | ")
                    .append(StreamsLatencies.millis(measured.percentile(50)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(measured.percentile(90)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(measured.percentile(99)))
                    .append(" | ")
                    .append(StreamsLatencies.millis(measured.max()))
                    .append(" |\n");
        }
        Duration worst = latencies.get(Kind.EXPORT).max();
        boolean pass = worst != null
                && worst.toNanos() != StreamsLatencies.NEVER
                && worst.toNanos() / 1e6 < TARGET_MILLIS
                && firstNanos / 1e6 < TARGET_MILLIS;
        out.append(String.format(
                Locale.ROOT,
                "%nTarget: a 90-day person's export under %.0f s, the first and the slowest measured: **%s**"
                        + " (first %.0f ms, max %s).%n",
                TARGET_MILLIS / 1000,
                pass ? "PASS" : "FAIL",
                firstNanos / 1e6,
                StreamsLatencies.millis(worst)));
        return out.toString();
    }

    private String post(URI uri, String authorization, String body, int expected) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri.getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    private void put(URI uri, String authorization) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("PUT " + uri.getPath() + " answered " + response.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("a request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Response get(URI uri, String authorization) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(REQUEST_TIMEOUT)
                            .header("Authorization", authorization)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body().length);
        } catch (IOException e) {
            return new Response(-1, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, 0);
        }
    }

    private int status(URI uri, String authorization) {
        return get(uri, authorization).status();
    }

    private JsonNode json(URI uri, String authorization) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .GET());
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        BenchSupport.waitFor(log, what, READY_TIMEOUT, Duration.ofMillis(500), condition);
    }
}
