package dev.reflect.dashboards.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A binary of the Prometheus stack (Debian packages {@code prometheus} and
 * {@code prometheus-alertmanager}, installed by {@code .ci/run}). Where it is missing, a test is
 * skipped on a developer's machine and fails in CI ({@code CI=true}), so that a green CI run
 * always means the real tools judged the files.
 */
public final class ExternalTool {

    /** What a finished command printed (stdout and stderr together) and how it exited. */
    public record Result(int exitCode, String output) {}

    private final Path binary;

    private ExternalTool(Path binary) {
        this.binary = binary;
    }

    /** The tool on the PATH; skips the test (fails it in CI) when it is not installed. */
    public static ExternalTool require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = name
                    + " is not installed (Debian packages prometheus, prometheus-alertmanager; .ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return new ExternalTool(found.get());
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path binary() {
        return binary;
    }

    /** Runs the tool to completion in {@code workingDir}, killing it after {@code timeout}. */
    public Result run(Path workingDir, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("reflect-tool-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workingDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the tool as a long-running child process whose output goes to {@code log}. */
    public ChildProcess start(Path workingDir, Path log, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildProcess(binary.getFileName().toString(), process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
