package dev.reflect.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Markdown of the open-loop scenario (f): per offered rate, the medians over the rounds and every round. */
final class OpenLoopReport {

    private OpenLoopReport() {}

    static String render(BenchOptions options, List<List<OpenLoopLoad.Window>> rounds) {
        if (rounds.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%n### (f) Single-event ingest at fixed offered rates (open loop)%n%n"
                        + "POST /v1/check-ins, one check-in a request, request i due at start + i/rate over %d "
                        + "keep-alive connections; latency from each request's due time to its 202, so queueing "
                        + "in the service counts (no coordinated omission). Per rate, %d s of load then %d s "
                        + "measured, in every round after the scenarios above.%n%n",
                options.openConnections(),
                options.warmup().toSeconds(),
                options.measure().toSeconds()));
        out.append(rounds.size() == 1 ? "" : "Median over the rounds:\n\n");
        header(out);
        List<Integer> rates =
                rounds.get(0).stream().map(OpenLoopLoad.Window::rate).toList();
        for (int rate : rates) {
            List<OpenLoopLoad.Window> windows = rounds.stream()
                    .flatMap(List::stream)
                    .filter(window -> window.rate() == rate)
                    .toList();
            out.append(String.format(
                    Locale.ROOT,
                    "| %,d/s | %s | %s | %s | %s | %s | %.2f / %.2f | %d of %d |%n",
                    rate,
                    rate(median(windows, w -> w.accepted() / w.seconds())),
                    millis(median(windows, w -> nanos(w.latency().percentile(50)))),
                    millis(median(windows, w -> nanos(w.latency().percentile(99)))),
                    millis(median(windows, w -> nanos(w.latency().percentile(99.9)))),
                    millis(median(windows, w -> nanos(w.lag().percentile(99)))),
                    median(windows, w -> w.cpu().jvmCores()),
                    median(windows, w -> w.cpu().machineCores() - w.cpu().jvmCores()),
                    windows.stream().filter(OpenLoopLoad.Window::scheduleKept).count(),
                    windows.size()));
        }
        if (rounds.size() > 1) {
            for (int i = 0; i < rounds.size(); i++) {
                out.append("\nRound ").append(i + 1).append(":\n\n");
                header(out);
                for (OpenLoopLoad.Window window : rounds.get(i)) {
                    out.append(String.format(
                            Locale.ROOT,
                            "| %,d/s | %s | %s | %s | %s | %s | %.2f / %.2f | %s |%n",
                            window.rate(),
                            rate(window.accepted() / window.seconds()),
                            StreamsLatencies.millis(window.latency().percentile(50)),
                            StreamsLatencies.millis(window.latency().percentile(99)),
                            StreamsLatencies.millis(window.latency().percentile(99.9)),
                            StreamsLatencies.millis(window.lag().percentile(99)),
                            window.cpu().jvmCores(),
                            window.cpu().machineCores() - window.cpu().jvmCores(),
                            outcome(window)));
                }
            }
        }
        return out.toString();
    }

    private static void header(StringBuilder out) {
        out.append(
                "| Offered | 202s/s | p50 | p99 | p99.9 | generator lag p99 | CPU cores: JVM (broker, ingest, load) / other"
                        + " | Schedule kept |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---|---|\n");
    }

    /** "yes", or what went wrong: the schedule slipped, non-202 answers, failed requests. */
    private static String outcome(OpenLoopLoad.Window window) {
        List<String> problems = new ArrayList<>();
        if (!window.scheduleKept()) {
            problems.add("no: the generator fell behind");
        }
        if (!window.refused().isEmpty()) {
            problems.add(window.refused().entrySet().stream()
                    .map((Map.Entry<Integer, Integer> e) -> e.getValue() + "×" + e.getKey())
                    .collect(Collectors.joining(", ")));
        }
        if (window.failed() > 0) {
            problems.add(window.failed() + " failed");
        }
        return problems.isEmpty() ? "yes" : String.join("; ", problems);
    }

    private static double nanos(Duration duration) {
        return duration == null ? Double.NaN : duration.toNanos();
    }

    private static double median(List<OpenLoopLoad.Window> windows, Function<OpenLoopLoad.Window, Double> value) {
        return BenchmarkReport.median(windows.stream()
                        .map(value)
                        .filter(Objects::nonNull)
                        .filter(v -> !v.isNaN())
                        .toList())
                .orElse(Double.NaN);
    }

    private static String millis(double nanos) {
        return Double.isNaN(nanos) ? "—" : StreamsLatencies.millis(Duration.ofNanos((long) nanos));
    }

    private static String rate(double perSecond) {
        return BenchmarkReport.rate(perSecond);
    }
}
