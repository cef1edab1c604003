package dev.reflect.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code wrk} HTTP load generator as a subprocess with {@code ingest.lua}, which makes a
 * fresh eventId per check-in and rotates through one bearer token per user. wrk is closed-loop:
 * each connection sends its next request when the previous one is answered.
 */
final class Wrk {

    private static final Logger log = LoggerFactory.getLogger(Wrk.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** One wrk run: where, how hard, how long, and single or batch bodies. */
    record Load(String url, int threads, int connections, Duration duration, Mode mode, int batchSize) {

        Load lasting(Duration newDuration) {
            return new Load(url, threads, connections, newDuration, mode, batchSize);
        }

        int eventsPerRequest() {
            return mode == Mode.BATCH ? batchSize : 1;
        }
    }

    enum Mode {
        SINGLE,
        BATCH
    }

    private final Path script;
    private final Path tokens;
    private final Path fragments;

    /**
     * @param workDir where the script is unpacked; {@code tokens} and {@code fragments} are files of
     *     one bearer token and one body fragment per line (see {@link CheckInBodies})
     */
    Wrk(Path workDir, Path tokens, Path fragments) {
        this.script = workDir.resolve("ingest.lua");
        this.tokens = tokens;
        this.fragments = fragments;
        try (InputStream in = Wrk.class.getResourceAsStream("ingest.lua")) {
            if (in == null) {
                throw new IllegalStateException("ingest.lua is missing from the classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of {@code wrk --version}, or a clear failure when wrk is not installed. */
    static String version() {
        try {
            Process process = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            String first = output.lines().findFirst().orElse("wrk").strip();
            int copyright = first.indexOf(" Copyright");
            return copyright > 0 ? first.substring(0, copyright) : first;
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    WrkResult run(Load load) {
        // The first 24 characters of a version-4 UUID; the script appends thread and counter.
        String idPrefix = UUID.randomUUID().toString().substring(0, 24);
        List<String> command = List.of(
                "wrk",
                "--threads",
                String.valueOf(load.threads()),
                "--connections",
                String.valueOf(load.connections()),
                "--duration",
                load.duration().toSeconds() + "s",
                "--timeout",
                READ_TIMEOUT.toSeconds() + "s",
                "--latency",
                "--script",
                script.toString(),
                load.url(),
                "--",
                load.mode().name().toLowerCase(Locale.ROOT),
                tokens.toString(),
                fragments.toString(),
                String.valueOf(load.batchSize()),
                idPrefix);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start wrk (Debian/Ubuntu: apt-get install -y wrk)", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("wrk did not exit after closing its output");
            }
            log.debug("wrk output:\n{}", output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk exited with " + process.exitValue() + ":\n" + output);
            }
            return WrkResult.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }
}
