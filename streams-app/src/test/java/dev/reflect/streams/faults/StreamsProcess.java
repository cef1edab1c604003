package dev.reflect.streams.faults;

import static org.awaitility.Awaitility.await;

import dev.reflect.service.keys.KekSettings;
import dev.reflect.streams.app.StreamsMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link StreamsMain} in a JVM of its own, configured through environment variables as in
 * production, so that a test can end it the way a crash or the OOM killer does: SIGKILL, with no
 * shutdown hook, no last commit and no store flush. Its standard output and error go to a file,
 * not the test's console. Close it to be sure it is gone.
 */
final class StreamsProcess implements AutoCloseable {

    /** What {@code StreamsApp.start()} logs once the query API is bound (with port 0, the only way to learn it). */
    private static final Pattern QUERY_PORT = Pattern.compile("query API on port (\\d+)");

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private StreamsProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -cp <this JVM's class path> StreamsMain} with {@code variables} as its only
     * {@code REFLECT_*} settings (none inherited from the test JVM's environment).
     */
    static StreamsProcess start(String name, Map<String, String> variables, Path log) {
        return start(name, variables, List.of(), log);
    }

    /** As {@link #start(String, Map, Path)}, with {@code jvmOptions} (such as {@code -Dname=value}) too. */
    static StreamsProcess start(String name, Map<String, String> variables, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and single-compiler: the machine has two cores, shared with the broker and the test.
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamsMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(variable -> variable.startsWith("REFLECT_"));
        builder.environment().putAll(variables);
        // The development key-encryption key, as the in-process services of the tests use, unless the test names one.
        if (!variables.containsKey(KekSettings.FILE_VARIABLE)) {
            builder.environment().putIfAbsent(KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET);
        }
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(log.toFile());
            return new StreamsProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the streams process " + name, e);
        }
    }

    /** The port its query API bound, once it says so; fails early when the process exits instead. */
    int awaitQueryPort(Duration timeout) {
        AtomicInteger port = new AtomicInteger();
        await(name + " binds its query API (log: " + log + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Matcher matcher = QUERY_PORT.matcher(output());
                    if (matcher.find()) {
                        port.set(Integer.parseInt(matcher.group(1)));
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with code " + process.exitValue()
                                + " before binding its query API; see " + log);
                    }
                    return false;
                });
        return port.get();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with a pointer to the log when the process has died on its own. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    /** Waits until the process ends by itself, and returns its exit status. */
    int awaitOwnExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " was still running after " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** SIGKILL, then waits until the OS has reaped it. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the shutdown hook stops the app cleanly, committing what it processed. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + EXIT_TIMEOUT + "; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path log() {
        return log;
    }

    private String output() throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    /** Kills it if it is still running; for {@code @AfterEach}, whatever the test's outcome. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
