package dev.reflect.system.support;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Kafka clients Reflect did not write, driven as an integrator would drive them: kcat, and
 * confluent-kafka for Python (both librdkafka). Neither is told anything about partitioning, so
 * both use librdkafka's default partitioner, not Java's. Missing tools skip the calling test on a
 * developer's machine but fail it in CI ({@code CI=true}), where {@code .ci/run} installs them
 * ({@code apt-get install -y kcat python3-confluent-kafka}).
 */
public final class ForeignClients {

    /** Debian's own interpreter: python3-confluent-kafka installs for it, not for another python on the PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    static final Path KCAT = Path.of("/usr/bin/kcat");

    /** One record to write: its topic, key and value as UTF-8 text (no tabs, no line breaks). */
    public record Line(String topic, String key, String value) {

        public Line {
            if ((key + value).contains("\t") || (key + value).contains("\n")) {
                throw new IllegalArgumentException("keys and values are written one per line, tab-separated");
            }
        }
    }

    private ForeignClients() {}

    /** Writes {@code lines} (all of one topic) with kcat's producer: {@code kcat -P -K<tab> -t topic}. */
    public static void kcat(String bootstrapServers, String topic, List<Line> lines) {
        require(KCAT, "kcat");
        StringBuilder input = new StringBuilder();
        for (Line line : lines) {
            if (!line.topic().equals(topic)) {
                throw new IllegalArgumentException("kcat writes one topic at a time");
            }
            input.append(line.key()).append('\t').append(line.value()).append('\n');
        }
        run(
                List.of(KCAT.toString(), "-P", "-b", bootstrapServers, "-t", topic, "-K", "\t", "-X", "acks=all"),
                input.toString(),
                "kcat");
    }

    /** Every topic on the cluster, as kcat lists them ({@code kcat -L -J}): internal ones too. */
    public static List<String> kcatTopics(String bootstrapServers) {
        require(KCAT, "kcat");
        byte[] listing = run(List.of(KCAT.toString(), "-L", "-J", "-b", bootstrapServers), "", "kcat -L");
        List<String> topics = new ArrayList<>();
        try {
            for (JsonNode topic : Json.mapper().readTree(listing).path("topics")) {
                topics.add(topic.path("topic").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kcat -L -J printed no JSON", e);
        }
        return topics;
    }

    /**
     * Every record of {@code topic} from the beginning to its end as kcat's consumer prints it
     * ({@code kcat -C -e -q}), one per line as {@code partition offset key value} with key and value
     * as their raw bytes; records of aborted transactions too ({@code isolation.level=read_uncommitted}),
     * since they stay on the broker's disk as well.
     */
    public static byte[] kcatReadAll(String bootstrapServers, String topic) {
        require(KCAT, "kcat");
        return run(
                List.of(
                        KCAT.toString(),
                        "-C",
                        "-b",
                        bootstrapServers,
                        "-t",
                        topic,
                        "-o",
                        "beginning",
                        "-e",
                        "-q",
                        "-X",
                        "isolation.level=read_uncommitted",
                        // Reaching the end of an idle partition takes one empty fetch: do not let each wait 500 ms.
                        "-X",
                        "fetch.wait.max.ms=20",
                        "-f",
                        "%p %o %k %s\n"),
                "",
                "kcat -C");
    }

    /** Writes {@code lines} with confluent-kafka from Python, in order; any topics. */
    public static void python(String bootstrapServers, List<Line> lines) {
        require(PYTHON, "python3 (Debian's, with python3-confluent-kafka)");
        Path script = script();
        StringBuilder input = new StringBuilder();
        for (Line line : lines) {
            input.append(line.topic())
                    .append('\t')
                    .append(line.key())
                    .append('\t')
                    .append(line.value())
                    .append('\n');
        }
        run(List.of(PYTHON.toString(), script.toString(), bootstrapServers), input.toString(), "confluent-kafka");
    }

    private static Path script() {
        try {
            return Path.of(
                    ForeignClients.class.getResource("/foreign/produce.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code command} with {@code input} on its standard input and returns its standard output
     * (through a file: a reader's output can be far larger than a pipe holds while waiting).
     */
    private static byte[] run(List<String> command, String input, String what) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("foreign-client-", ".out");
            err = Files.createTempFile("foreign-client-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(what + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                fail(what + " exited with " + process.exitValue() + ": " + Files.readString(err)
                        + Files.readString(out));
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless.
            }
        }
    }

    private static void require(Path binary, String name) {
        boolean present = Files.isExecutable(binary);
        if (present && binary.equals(PYTHON)) {
            present = probe(List.of(PYTHON.toString(), "-c", "import confluent_kafka"));
        }
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail(name + " is not installed, and CI=true requires it "
                        + "(apt-get install -y kcat python3-confluent-kafka)");
            }
            Assumptions.abort(name + " is not installed (apt-get install -y kcat python3-confluent-kafka)");
        }
    }

    private static boolean probe(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
