package dev.reflect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;

/** What the in-JVM benchmarks share: waiting for their stack to be ready, and removing their work directory. */
final class BenchSupport {

    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private BenchSupport() {}

    /**
     * Polls {@code condition} every {@code poll} until it holds, saying every 30 s that it still
     * waits; fails after {@code timeout}.
     */
    static void waitFor(Logger log, String what, Duration timeout, Duration poll, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = System.nanoTime() + LOG_EVERY_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
            }
            if (System.nanoTime() > nextLog) {
                log.info("Still waiting for {} ...", what);
                nextLog += LOG_EVERY_NANOS;
            }
            Thread.sleep(poll.toMillis());
        }
        log.info("Done: {}", what);
    }

    /** Writes the Markdown {@code report} to {@code out} (making its folder) and to stdout. */
    static void writeReport(Path out, String report) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, report);
        System.out.print(report);
    }

    /** Deletes {@code dir} and everything below it. */
    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
