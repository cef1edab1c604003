package dev.reflect.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a scenario up until the JIT compiler has settled, not for a fixed time. One JVM here holds
 * a broker, Jetty, Javalin, Jackson, a schema validator and two Kafka clients; on two shared cores
 * C2 was measured still taking half a core 35 s into single-event ingest, and a 5 s warm-up
 * understated that scenario sevenfold. So load runs in slices until the compiler used less than
 * {@link #SETTLED_SHARE} of a core over the last slice, at least {@code min} and at most {@code max}.
 */
final class JitWarmup {

    /** Compiler time per wall-clock time below which the JIT counts as settled. */
    static final double SETTLED_SHARE = 0.10;

    static final Duration SLICE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(JitWarmup.class);

    private final Duration min;
    private final Duration max;
    private final LongSupplier compilationMillis;

    JitWarmup(Duration min, Duration max) {
        this(min, max, JitWarmup::totalCompilationMillis);
    }

    JitWarmup(Duration min, Duration max, LongSupplier compilationMillis) {
        this.min = min;
        this.max = max.compareTo(min) < 0 ? min : max;
        this.compilationMillis = compilationMillis;
    }

    /** Runs {@code slice} (given how long to load) repeatedly until settled; returns the time spent. */
    Duration run(Consumer<Duration> slice) {
        if (max.isZero()) {
            return Duration.ZERO;
        }
        Duration spent = Duration.ZERO;
        double share = Double.NaN;
        while (spent.compareTo(max) < 0) {
            Duration next = SLICE.compareTo(max.minus(spent)) < 0 ? SLICE : max.minus(spent);
            long compiledBefore = compilationMillis.getAsLong();
            long began = System.nanoTime();
            slice.accept(next);
            long wallMillis = Math.max(1, (System.nanoTime() - began) / 1_000_000);
            spent = spent.plus(next);
            share = (compilationMillis.getAsLong() - compiledBefore) / (double) wallMillis;
            if (spent.compareTo(min) >= 0 && settled(share)) {
                log.info(
                        "  warmed up for {} s; JIT compiler at {} of a core in the last slice",
                        spent.toSeconds(),
                        String.format(Locale.ROOT, "%.2f", share));
                return spent;
            }
        }
        log.warn(
                "  warm-up stopped at its maximum of {} s with the JIT compiler still at {} of a core",
                max.toSeconds(),
                String.format(Locale.ROOT, "%.2f", share));
        return spent;
    }

    static boolean settled(double share) {
        return share < SETTLED_SHARE;
    }

    /** Milliseconds all JIT compiler threads have spent so far; 0 if the JVM does not say. */
    static long totalCompilationMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime()
                : 0;
    }
}
