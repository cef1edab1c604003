package dev.reflect.system.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static void run(List<String> command, String input, String what) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(what + " did not finish within 120 s");
            }
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (process.exitValue() != 0) {
                fail(what + " exited with " + process.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
