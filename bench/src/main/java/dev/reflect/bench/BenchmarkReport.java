package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Markdown the benchmark prints: machine, settings, one row per scenario, and the two targets. */
final class BenchmarkReport {

    /** A target of the issue: {@code numerator} must reach {@code required} times {@code denominator}. */
    record Target(String description, Scenario numerator, Scenario denominator, boolean perEvent, double required) {

        Optional<Double> ratio(List<ScenarioResult> results) {
            Optional<Double> top = value(results, numerator);
            Optional<Double> bottom = value(results, denominator);
            if (top.isEmpty() || bottom.isEmpty() || bottom.get() <= 0) {
                return Optional.empty();
            }
            return Optional.of(top.get() / bottom.get());
        }

        private Optional<Double> value(List<ScenarioResult> results, Scenario scenario) {
            return results.stream()
                    .filter(result -> result.scenario() == scenario)
                    .findFirst()
                    .map(result -> perEvent ? result.eventsPerSecond() : result.requestsPerSecond());
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("(c) batch ingest events/s vs (a) raw producer events/s", Scenario.BATCH, Scenario.RAW, true, 0.50),
            new Target("(b) single-event ingest req/s vs (d) no-op endpoint req/s", Scenario.SINGLE, Scenario.NOOP, false, 0.40));

    private BenchmarkReport() {
    }

    static String render(MachineInfo machine, BenchOptions options, ZonedDateTime date, List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("## Ingest benchmark, ").append(date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        out.append("Machine: ").append(machine.cores()).append(" cores (").append(machine.cpuModel()).append("), ")
                .append(machine.memory()).append(" RAM; ").append(machine.java()).append("; ").append(machine.os())
                .append("; ").append(machine.wrk()).append("; load average at start ").append(machine.loadAverage())
                .append(".\n\nCode: ").append(machine.code()).append(".\n\n");
        out.append(String.format(Locale.ROOT, "Settings: warm-up of %d-%d s per scenario, until the JIT compiler settles, "
                        + "then %d s measured; %d-partition topic; "
                        + "%d users; wrk %d thread(s), %d connections for (b) and (d), %d for (c); %d check-ins per batch; "
                        + "per-user rate limit on but raised to %,d/min (burst %,d) so it never refuses.%n%n",
                options.warmup().toSeconds(), options.maxWarmup().toSeconds(), options.measure().toSeconds(), options.partitions(), options.users(),
                options.wrkThreads(), options.connections(), options.batchConnections(), options.batchSize(),
                IngestBenchmark.RATE_LIMIT.perMinute(), IngestBenchmark.RATE_LIMIT.burst()));
        out.append("| Scenario | Events/s | Requests/s | p50 | p99 | CPU cores: JVM / wrk / other | Notes |\n");
        out.append("|---|---:|---:|---:|---:|---|---|\n");
        for (ScenarioResult result : results) {
            out.append("| ").append(result.description())
                    .append(" | ").append(rate(result.eventsPerSecond()))
                    .append(" | ").append(rate(result.requestsPerSecond()))
                    .append(" | ").append(latency(result.p50()))
                    .append(" | ").append(latency(result.p99()))
                    .append(" | ").append(cpu(result))
                    .append(" | ").append(result.notes())
                    .append(" |\n");
        }
        out.append("\n| Target | Required | Measured | Result |\n|---|---:|---:|---|\n");
        for (Target target : TARGETS) {
            Optional<Double> ratio = target.ratio(results);
            out.append("| ").append(target.description())
                    .append(" | ≥ ").append(percent(target.required()))
                    .append(" | ").append(ratio.map(BenchmarkReport::percent).orElse("—"))
                    .append(" | ").append(ratio.map(r -> r >= target.required() ? "PASS" : "FAIL").orElse("not run"))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String rate(Double perSecond) {
        return perSecond == null ? "—" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String latency(Duration duration) {
        if (duration == null) {
            return "—";
        }
        double millis = duration.toNanos() / 1e6;
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String cpu(ScenarioResult result) {
        double jvm = result.cpu().jvmCores();
        double wrk = result.loadGeneratorCores() == null ? 0 : result.loadGeneratorCores();
        double other = Math.max(0, result.cpu().machineCores() - jvm - wrk);
        return String.format(Locale.ROOT, "%.2f / %s / %.2f", jvm,
                result.loadGeneratorCores() == null ? "—" : String.format(Locale.ROOT, "%.2f", wrk), other);
    }
}
