package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The Markdown the benchmark prints: machine, settings, one row per scenario with the median over
 * the rounds, the two targets judged on the median of their per-round ratios, and every round.
 *
 * <p>Ratios are taken within a round, not between medians: the machine is shared, and scenarios
 * measured minutes apart see different neighbours; within a round they are measured back to back.
 */
final class BenchmarkReport {

    /**
     * A target of the issues: {@code numerator} must reach {@code required} times {@code
     * denominator}. A floor is a ratio kept for comparison with earlier rounds, judged by no one:
     * its bar does work the measured side must do and it does not (a raw loop does no JSON).
     */
    record Target(
            String description,
            Scenario numerator,
            Scenario denominator,
            boolean perEvent,
            double required,
            boolean floor) {

        static Target of(
                String description, Scenario numerator, Scenario denominator, boolean perEvent, double required) {
            return new Target(description, numerator, denominator, perEvent, required, false);
        }

        static Target floor(String description, Scenario numerator, Scenario denominator) {
            return new Target(description, numerator, denominator, true, 0, true);
        }

        /** The ratio in each round that measured both scenarios. */
        List<Double> ratios(List<List<ScenarioResult>> rounds) {
            return ratios(rounds, result -> perEvent ? result.eventsPerSecond() : result.requestsPerSecond());
        }

        /** The same ratio at equal JVM CPU: of the rates per core the JVM used. */
        List<Double> ratiosPerJvmCore(List<List<ScenarioResult>> rounds) {
            return ratios(rounds, ScenarioResult::perJvmCore);
        }

        private List<Double> ratios(List<List<ScenarioResult>> rounds, Function<ScenarioResult, Double> measure) {
            List<Double> ratios = new ArrayList<>();
            for (List<ScenarioResult> round : rounds) {
                Optional<Double> top = value(round, numerator, measure);
                Optional<Double> bottom = value(round, denominator, measure);
                if (top.isPresent() && bottom.isPresent() && bottom.get() > 0) {
                    ratios.add(top.get() / bottom.get());
                }
            }
            return ratios;
        }

        private static Optional<Double> value(
                List<ScenarioResult> round, Scenario scenario, Function<ScenarioResult, Double> measure) {
            return round.stream()
                    .filter(result -> result.scenario() == scenario)
                    .findFirst()
                    .map(measure);
        }
    }

    static final List<Target> TARGETS = List.of(
            Target.of(
                    "(c) batch ingest events/s vs (e) Kafka's ProducerPerformance records/s",
                    Scenario.BATCH,
                    Scenario.PERF,
                    true,
                    0.75),
            Target.floor("(c) batch ingest events/s vs (a) raw producer loop events/s", Scenario.BATCH, Scenario.RAW),
            Target.of(
                    "(b) single-event ingest req/s vs (d) no-op endpoint req/s",
                    Scenario.SINGLE,
                    Scenario.NOOP,
                    false,
                    0.40));

    private BenchmarkReport() {}

    static String render(
            MachineInfo machine, BenchOptions options, ZonedDateTime date, List<List<ScenarioResult>> rounds) {
        StringBuilder out = new StringBuilder();
        out.append("## Ingest benchmark, ")
                .append(date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        out.append("Machine: ")
                .append(machine.cores())
                .append(" cores (")
                .append(machine.cpuModel())
                .append("), ")
                .append(machine.memory())
                .append(" RAM; ")
                .append(machine.java())
                .append("; ")
                .append(machine.os())
                .append("; ")
                .append(machine.wrk())
                .append("; load average at start ")
                .append(machine.loadAverage())
                .append(".\n\nCode: ")
                .append(machine.code())
                .append(".\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Settings: each scenario first warmed up until the JIT compiler settled "
                        + "(%d-%d s), then %d round(s) of all scenarios, each %d s of load then %d s measured; "
                        + "%d-partition topic; %d users; wrk %d thread(s), %d connections for (b) and (d), %d for (c); "
                        + "%d check-ins per batch; per-user rate limit on but raised to %,d/min (burst %,d) so it never "
                        + "refuses.%n%n",
                options.jitWarmupMin().toSeconds(),
                options.jitWarmupMax().toSeconds(),
                options.rounds(),
                options.warmup().toSeconds(),
                options.measure().toSeconds(),
                options.partitions(),
                options.users(),
                options.wrkThreads(),
                options.connections(),
                options.batchConnections(),
                options.batchSize(),
                IngestBenchmark.RATE_LIMIT.perMinute(),
                IngestBenchmark.RATE_LIMIT.burst()));
        out.append(rounds.size() == 1 ? "" : "Median over the rounds:\n\n");
        table(out, medians(rounds));
        String spread = rounds.size() == 1 ? "" : " (median; range)";
        out.append("\n| Target | Required | Measured")
                .append(spread)
                .append(" | Result | At equal JVM CPU")
                .append(spread)
                .append(" |\n|---|---:|---:|---|---:|\n");
        for (Target target : TARGETS) {
            Optional<Double> median = median(target.ratios(rounds));
            out.append("| ")
                    .append(target.description())
                    .append(target.floor() ? " | floor, no target" : " | ≥ " + percent(target.required()))
                    .append(" | ")
                    .append(summary(target.ratios(rounds)))
                    .append(" | ")
                    .append(median.map(r -> target.floor() ? "—" : r >= target.required() ? "PASS" : "FAIL")
                            .orElse("not run"))
                    .append(" | ")
                    .append(summary(target.ratiosPerJvmCore(rounds)))
                    .append(" |\n");
        }
        if (rounds.size() > 1) {
            for (int i = 0; i < rounds.size(); i++) {
                out.append("\nRound ").append(i + 1).append(":\n\n");
                table(out, rounds.get(i));
            }
        }
        return out.toString();
    }

    /** The median ratio, with the range when there is more than one. */
    private static String summary(List<Double> ratios) {
        String measured = median(ratios).map(BenchmarkReport::percent).orElse("—");
        if (ratios.size() > 1) {
            measured += " (" + percent(ratios.stream().min(Double::compare).orElseThrow()) + "–"
                    + percent(ratios.stream().max(Double::compare).orElseThrow()) + ")";
        }
        return measured;
    }

    /** Per scenario, the median of every value over the rounds; notes are collected, not combined. */
    static List<ScenarioResult> medians(List<List<ScenarioResult>> rounds) {
        List<ScenarioResult> medians = new ArrayList<>();
        for (ScenarioResult first : rounds.get(0)) {
            List<ScenarioResult> all = rounds.stream()
                    .flatMap(List::stream)
                    .filter(result -> result.scenario() == first.scenario())
                    .toList();
            Set<String> notes = new LinkedHashSet<>();
            for (int i = 0; i < rounds.size(); i++) {
                for (ScenarioResult result : rounds.get(i)) {
                    if (result.scenario() == first.scenario() && !result.notes().isEmpty()) {
                        notes.add(rounds.size() == 1 ? result.notes() : "round " + (i + 1) + ": " + result.notes());
                    }
                }
            }
            medians.add(new ScenarioResult(
                    first.scenario(),
                    first.description(),
                    median(all, ScenarioResult::eventsPerSecond),
                    median(all, ScenarioResult::requestsPerSecond),
                    medianDuration(all, ScenarioResult::p50),
                    medianDuration(all, ScenarioResult::p99),
                    new CpuSample.Usage(
                            median(all, r -> r.cpu().machineCores()),
                            median(all, r -> r.cpu().jvmCores()),
                            median(all, r -> r.cpu().jitCores())),
                    median(all, ScenarioResult::loadGeneratorCores),
                    String.join("; ", notes)));
        }
        return medians;
    }

    /** The middle value, or the mean of the two middle ones; empty for no values. */
    static Optional<Double> median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted().toList();
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int middle = sorted.size() / 2;
        return Optional.of(
                sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    private static Double median(List<ScenarioResult> results, Function<ScenarioResult, Double> value) {
        return median(results.stream().map(value).toList()).orElse(null);
    }

    private static Duration medianDuration(List<ScenarioResult> results, Function<ScenarioResult, Duration> value) {
        List<Duration> sorted = results.stream()
                .map(value)
                .filter(Objects::nonNull)
                .sorted(Comparator.naturalOrder())
                .toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private static void table(StringBuilder out, List<ScenarioResult> results) {
        out.append(
                "| Scenario | Events/s | Requests/s | p50 | p99 | CPU cores: JVM / load generator / other | Per JVM core | Notes |\n");
        out.append("|---|---:|---:|---:|---:|---|---:|---|\n");
        for (ScenarioResult result : results) {
            out.append("| ")
                    .append(result.description())
                    .append(" | ")
                    .append(rate(result.eventsPerSecond()))
                    .append(" | ")
                    .append(rate(result.requestsPerSecond()))
                    .append(" | ")
                    .append(latency(result.p50()))
                    .append(" | ")
                    .append(latency(result.p99()))
                    .append(" | ")
                    .append(cpu(result))
                    .append(" | ")
                    .append(rate(result.perJvmCore()))
                    .append(" | ")
                    .append(result.notes())
                    .append(" |\n");
        }
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
        return String.format(
                Locale.ROOT,
                "%.2f / %s / %.2f",
                jvm,
                result.loadGeneratorCores() == null ? "—" : String.format(Locale.ROOT, "%.2f", wrk),
                other);
    }
}
