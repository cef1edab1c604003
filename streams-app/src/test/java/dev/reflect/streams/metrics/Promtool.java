package dev.reflect.streams.metrics;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code promtool check metrics} (Debian package {@code prometheus}). Missing, it skips the check
 * on a developer's machine, but fails it in CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
final class Promtool {

    record Result(int exitCode, String output) {}

    private Promtool() {}

    /** The binary, after skipping the calling test when it is missing outside CI. */
    static Path requireOrSkip() {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is not installed, and CI=true requires it (apt-get install -y prometheus)");
            }
            Assumptions.abort("promtool is not installed (apt-get install -y prometheus); skipping the lint");
        }
        return binary.get();
    }

    static Result checkMetrics(Path promtool, String exposition) {
        try {
            Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("promtool check metrics did not finish within 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("could not run promtool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
