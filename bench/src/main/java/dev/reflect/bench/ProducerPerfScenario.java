package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario (e): Kafka's own load generator, {@code org.apache.kafka.tools.ProducerPerformance}
 * (what {@code kafka-producer-perf-test.sh} runs), in a JVM of its own against the same broker
 * and topic, with the ingest service's producer settings and the very records the service
 * stores (check-ins with userId, receivedAt and the note sealed), one per line of its payload
 * file, keyed over as many keys as the benchmark has users.
 *
 * <p>It runs as an operator would run it, as a separate process, like {@code wrk} for the HTTP
 * scenarios. Each window is one run of the tool: it first sends a warm-up of
 * {@link #WARMUP} worth of records, which its steady-state line leaves out, and then enough
 * records for the measured duration at the rate of its previous run. The rate reported is the
 * tool's own steady-state figure, so the JVM's start and the warm-up are not counted.
 */
final class ProducerPerfScenario implements ScenarioRunner {

    static final Duration WARMUP = Duration.ofSeconds(5);
    private static final String MAIN = "org.apache.kafka.tools.ProducerPerformance";
    /** {@code N steady state records sent, R records/sec (M MB/sec), A ms avg latency, ..., P ms 50th, Q ms 95th, S ms 99th, ...}. */
    private static final Pattern STEADY = Pattern.compile(
            "(\\d+) steady state records sent, ([0-9.]+) records/sec .*?(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");
    /** bash's {@code times}: the second line is the children's user and system time, e.g. {@code 1m2.340s 0m0.500s}. */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s");

    private final Logger log = LoggerFactory.getLogger(ProducerPerfScenario.class);
    private final String topic;
    private final int keys;
    private final Path payloads;
    private final Path producerConfig;
    private final String classpath;
    /** Records per second of the previous run; the first run guesses low and calibrates it. */
    private double rate = 20_000;

    ProducerPerfScenario(
            Path workDir, Map<String, Object> serviceProducerConfig, String topic, int keys, List<byte[]> records)
            throws IOException {
        this.topic = topic;
        this.keys = keys;
        this.payloads = workDir.resolve("producer-perf-payloads.txt");
        this.producerConfig = workDir.resolve("producer-perf.properties");
        this.classpath = System.getProperty("java.class.path");
        try (var out = Files.newOutputStream(payloads)) {
            for (byte[] record : records) {
                for (byte b : record) {
                    if (b == '\n') {
                        throw new IllegalArgumentException("a stored record contains a newline");
                    }
                }
                out.write(record);
                out.write('\n');
            }
        }
        Properties properties = new Properties();
        serviceProducerConfig.forEach((name, value) -> {
            // The tool sets its own byte-array serializers; the rest is the service's, as is.
            if (!name.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)
                    && !name.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
                properties.setProperty(name, value instanceof Class<?> type ? type.getName() : String.valueOf(value));
            }
        });
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "producer-performance");
        try (Writer out = Files.newBufferedWriter(producerConfig, StandardCharsets.UTF_8)) {
            properties.store(out, "the ingest service's producer settings, for ProducerPerformance");
        }
    }

    @Override
    public Scenario scenario() {
        return Scenario.PERF;
    }

    @Override
    public void load(Duration duration) {
        Run run = run(duration);
        rate = run.recordsPerSecond();
    }

    @Override
    public ScenarioResult measure(Duration duration) {
        CpuSample start = CpuSample.now();
        Run run = run(duration);
        CpuSample end = CpuSample.now();
        rate = run.recordsPerSecond();
        CpuSample.Usage usage = start.until(end);
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        double toolCores = run.cpuSeconds() / seconds;
        return new ScenarioResult(
                Scenario.PERF,
                "(e) Kafka's ProducerPerformance, same broker, records and producer settings",
                run.recordsPerSecond(),
                null,
                Duration.ofMillis(run.p50Millis()),
                Duration.ofMillis(run.p99Millis()),
                // The tool's JVM is the load generator here; the benchmark JVM holds the broker.
                usage,
                toolCores,
                ScenarioResult.notes(usage));
    }

    private Run run(Duration duration) {
        long warmup = Math.max(1, (long) (rate * WARMUP.toNanos() / 1e9));
        long records = warmup + Math.max(1, (long) (rate * duration.toNanos() / 1e9));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m",
                "-Xmx1g",
                // Logback is on the classpath; without a configuration it logs the client at DEBUG.
                "-Dlogback.configurationFile=dev/reflect/bench/logback-bench.xml",
                "-cp",
                classpath,
                MAIN,
                "--topic",
                topic,
                "--num-records",
                String.valueOf(records),
                "--warmup-records",
                String.valueOf(warmup),
                "--payload-file",
                payloads.toString(),
                "--key-distribution",
                "random",
                "--record-key-range",
                String.valueOf(keys),
                "--throughput",
                "-1",
                "--producer.config",
                producerConfig.toString(),
                "--reporting-interval",
                "3600000"));
        // bash's `times` gives the tool's CPU time once it has exited.
        String script = quoted(command) + "; status=$?; times; exit $status";
        Process process;
        try {
            process = new ProcessBuilder("bash", "-c", script)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ProducerPerformance did not exit after closing its output");
            }
            log.debug("ProducerPerformance output:\n{}", output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "ProducerPerformance exited with " + process.exitValue() + ":\n" + output);
            }
            return Run.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String quoted(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(line.isEmpty() ? "" : " ")
                    .append('\'')
                    .append(word.replace("'", "'\\''"))
                    .append('\'');
        }
        return line.toString();
    }

    /** What one run of the tool printed: its steady-state line and the CPU its JVM used. */
    record Run(long records, double recordsPerSecond, long p50Millis, long p99Millis, double cpuSeconds) {

        static Run parse(String output) {
            Matcher steady = STEADY.matcher(output);
            if (!steady.find()) {
                throw new IllegalStateException("no steady-state line in ProducerPerformance's output:\n" + output);
            }
            Matcher times = TIMES.matcher(output);
            List<Double> seconds = new ArrayList<>();
            while (times.find()) {
                seconds.add(Double.parseDouble(times.group(1)) * 60
                        + Double.parseDouble(times.group(2))
                        + Double.parseDouble(times.group(3)) * 60
                        + Double.parseDouble(times.group(4)));
            }
            if (seconds.size() < 2) {
                throw new IllegalStateException("no CPU times after ProducerPerformance's output:\n" + output);
            }
            return new Run(
                    Long.parseLong(steady.group(1)),
                    Double.parseDouble(steady.group(2)),
                    Long.parseLong(steady.group(3)),
                    Long.parseLong(steady.group(5)),
                    // The last line of `times` is the children's: the tool's JVM.
                    seconds.get(seconds.size() - 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d records at %,.0f/s", records, recordsPerSecond);
        }
    }
}
