package dev.reflect.system.support;

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
 * The streams app as production runs it, {@link StreamsMain} in a JVM of its own configured by
 * environment variables, so that a test can kill it as a crash or the OOM killer would: SIGKILL,
 * no shutdown hook, no last commit, no flushed store. Its output goes to a file.
 */
public final class ChildStreamsApp implements AutoCloseable {

    /** What {@code StreamsApp.start()} logs once the query API is bound: with port 0, the way to learn it. */
    private static final Pattern QUERY_PORT = Pattern.compile("query API on port (\\d+)");

    private final Process process;
    private final Path log;

    private ChildStreamsApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it with {@code variables} as its only {@code REFLECT_*} settings. */
    public static ChildStreamsApp start(Map<String, String> variables, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and single-compiler: two cores are shared with the broker and the test JVM.
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                StreamsMain.class.getName()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REFLECT_"));
        builder.environment().putAll(variables);
        // The development key-encryption key, as the in-process services of the tests use, unless the test names one.
        if (!variables.containsKey(KekSettings.FILE_VARIABLE)) {
            builder.environment().putIfAbsent(KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET);
        }
        try {
            return new ChildStreamsApp(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the streams app process", e);
        }
    }

    /** The port its query API bound; fails at once if the process exits first. */
    public int awaitQueryPort() {
        AtomicInteger port = new AtomicInteger();
        await("the child streams app binds its query API (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Matcher matcher = QUERY_PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
                    if (matcher.find()) {
                        port.set(Integer.parseInt(matcher.group(1)));
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError(
                                "The child streams app exited with " + process.exitValue() + "; see " + log);
                    }
                    return false;
                });
        return port.get();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the OS has reaped it. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("The child streams app survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
