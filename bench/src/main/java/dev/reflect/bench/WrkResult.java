package dev.reflect.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one wrk run measured, read from the {@code REFLECT_WRK key=value ...} line that the
 * {@code done()} hook of {@code ingest.lua} prints. That line gives exact microseconds and counts;
 * the human summary of {@code --latency} rounds to two decimals in changing units.
 *
 * @param requests completed requests, whatever their status
 * @param statusErrors completed requests whose status was not 2xx or 3xx
 * @param cpu wrk's own CPU time over all its threads
 */
public record WrkResult(
        long requests,
        Duration duration,
        long bytes,
        long connectErrors,
        long readErrors,
        long writeErrors,
        long statusErrors,
        long timeouts,
        Duration p50,
        Duration p90,
        Duration p99,
        Duration p999,
        Duration max,
        Duration cpu) {

    static final String MARKER = "REFLECT_WRK";

    private static final List<String> KEYS = List.of(
            "requests",
            "duration_us",
            "bytes",
            "connect_errors",
            "read_errors",
            "write_errors",
            "status_errors",
            "timeouts",
            "p50_us",
            "p90_us",
            "p99_us",
            "p999_us",
            "max_us",
            "cpu_ms");

    /** Finds and reads the result line in wrk's whole output. */
    public static WrkResult parse(String output) {
        String line = output.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(MARKER + " "))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("wrk printed no " + MARKER + " line"));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("not key=value in the " + MARKER + " line: " + pair);
            }
            try {
                values.put(keyValue[0], Long.parseLong(keyValue[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number in the " + MARKER + " line: " + pair, e);
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("the " + MARKER + " line lacks " + key);
            }
        }
        return new WrkResult(
                values.get("requests"),
                micros(values.get("duration_us")),
                values.get("bytes"),
                values.get("connect_errors"),
                values.get("read_errors"),
                values.get("write_errors"),
                values.get("status_errors"),
                values.get("timeouts"),
                micros(values.get("p50_us")),
                micros(values.get("p90_us")),
                micros(values.get("p99_us")),
                micros(values.get("p999_us")),
                micros(values.get("max_us")),
                Duration.ofMillis(values.get("cpu_ms")));
    }

    /** Requests answered with 2xx/3xx. */
    public long successfulRequests() {
        return requests - statusErrors;
    }

    public double successfulRequestsPerSecond() {
        return successfulRequests() / seconds(duration);
    }

    /** Socket errors, timeouts and non-2xx/3xx answers; any of them makes the run's numbers suspect. */
    public long problems() {
        return connectErrors + readErrors + writeErrors + statusErrors + timeouts;
    }

    /** wrk's CPU use in cores (1.0 = one core busy all the time). */
    public double cpuCores() {
        return seconds(cpu) / seconds(duration);
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1000);
    }
}
