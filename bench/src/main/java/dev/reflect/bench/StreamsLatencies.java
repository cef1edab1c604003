package dev.reflect.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies collected from many threads, read as nearest-rank percentiles. A sample that never
 * completed is recorded as {@link #NEVER} and sorts above every real one, so a percentile that
 * reaches it says so instead of quietly leaving it out.
 */
final class StreamsLatencies {

    static final long NEVER = Long.MAX_VALUE;

    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized int never() {
        int never = 0;
        for (int i = 0; i < size; i++) {
            if (nanos[i] == NEVER) {
                never++;
            }
        }
        return never;
    }

    /**
     * The nearest-rank {@code percent} percentile (the smallest value with at least that share of
     * samples at or below it); null without samples, {@link #NEVER} nanos when it falls on one.
     */
    synchronized Duration percentile(double percent) {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * size);
        long value = sorted[Math.max(0, Math.min(size - 1, rank - 1))];
        return Duration.ofNanos(value);
    }

    synchronized Duration max() {
        return percentile(100);
    }

    /** Milliseconds, or "never" for a sample that did not complete. */
    static String millis(Duration latency) {
        if (latency == null) {
            return "—";
        }
        if (latency.toNanos() == NEVER) {
            return "not seen";
        }
        double millis = latency.toNanos() / 1e6;
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }
}
