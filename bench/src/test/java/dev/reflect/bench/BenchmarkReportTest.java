package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(
            2, "Test CPU", "8.0 GiB", "Java 17", "Linux", "wrk 4.1.0", "0.10 0.20 0.30", "commit abc1234");
    private static final ZonedDateTime DATE = ZonedDateTime.parse("2026-11-26T20:00:00Z");
    private static final CpuSample.Usage CPU = new CpuSample.Usage(1.5, 1.0, 0.05);

    @Test
    void judgesEachTargetByItsRatio() {
        List<ScenarioResult> round = List.of(
                row(Scenario.RAW, 100_000.0, null),
                row(Scenario.PERF, 66_666.0, null),
                row(Scenario.BATCH, 50_000.0, 200.0),
                row(Scenario.SINGLE, 3_999.0, 3_999.0),
                row(Scenario.NOOP, null, 10_000.0));

        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE, List.of(round));

        assertThat(report)
                .contains("| (c) batch ingest events/s vs (e) Kafka's ProducerPerformance records/s | ≥ 75.0% | 75.0% |"
                        + " PASS |");
        // The raw loop does no JSON: its ratio is shown for comparison, never judged.
        assertThat(report)
                .contains(
                        "| (c) batch ingest events/s vs (a) raw producer loop events/s | floor, no target | 50.0% | — |");
        assertThat(report)
                .contains("| (b) single-event ingest req/s vs (d) no-op endpoint req/s | ≥ 40.0% | 40.0% | FAIL |");
        assertThat(report).doesNotContain("Round 1");
    }

    @Test
    void alsoComparesTheRatesPerCoreTheJvmUsed() {
        // Batch reaches half the raw rate, but only by using three times the CPU: a sixth per core.
        List<ScenarioResult> round = List.of(
                row(Scenario.RAW, 100_000.0, null, new CpuSample.Usage(2.0, 0.5, 0.0)),
                row(Scenario.BATCH, 50_000.0, 200.0, new CpuSample.Usage(2.0, 1.5, 0.0)));

        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE, List.of(round));

        assertThat(report).contains("| floor, no target | 50.0% | — | 16.7% |");
        assertThat(report).contains("| 0.50 / 0.25 / 1.25 | 200,000 |", "| 1.50 / 0.25 / 0.25 | 33,333 |");
    }

    @Test
    void takesRatiosWithinEachRoundAndJudgesTheirMedian() {
        // The medians of the rows would give 60/100 = 60%; the rounds' own ratios are 30%, 45% and 90%.
        List<List<ScenarioResult>> rounds = List.of(
                List.of(row(Scenario.PERF, 100_000.0, null), row(Scenario.BATCH, 30_000.0, 120.0)),
                List.of(row(Scenario.PERF, 200_000.0, null), row(Scenario.BATCH, 90_000.0, 360.0)),
                List.of(row(Scenario.PERF, 66_666.67, null), row(Scenario.BATCH, 60_000.0, 240.0)));

        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE, rounds);

        // At equal CPU, Kafka's tool is charged its own JVM (0.25 cores) beside the broker's (1.0).
        assertThat(report)
                .contains("| (c) batch ingest events/s vs (e) Kafka's ProducerPerformance records/s | ≥ 75.0% |"
                        + " 45.0% (30.0%–90.0%) | FAIL | 56.3% (37.5%–112.5%) |");
        assertThat(report).contains("Median over the rounds:", "| perf | 100,000 |", "| batch | 60,000 | 240 |");
        assertThat(report).contains("Round 1:", "Round 2:", "Round 3:");
    }

    @Test
    void saysWhenATargetsScenariosWereNotRun() {
        String report = BenchmarkReport.render(
                MACHINE, BenchOptions.defaults(), DATE, List.of(List.of(row(Scenario.BATCH, 50_000.0, 200.0))));

        assertThat(report).contains("| ≥ 75.0% | — | not run |").contains("| ≥ 40.0% | — | not run |");
    }

    @Test
    void showsTheMachineAndRowsWithDashesForWhatDoesNotApply() {
        String report = BenchmarkReport.render(
                MACHINE, BenchOptions.defaults(), DATE, List.of(List.of(row(Scenario.RAW, 123_456.7, null))));

        assertThat(report)
                .contains(
                        "2 cores (Test CPU), 8.0 GiB RAM; Java 17",
                        "load average at start 0.10 0.20 0.30",
                        "Code: commit abc1234.");
        assertThat(report).contains("| raw | 123,457 | — | 1.20 ms | 35.0 ms | 1.00 / 0.25 / 0.25 | 123,457 |  |");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(BenchmarkReport.median(List.of(4.0, 1.0, 3.0, 2.0))).contains(2.5);
        assertThat(BenchmarkReport.median(List.of(5.0, 1.0, 3.0))).contains(3.0);
        assertThat(BenchmarkReport.median(List.of())).isEmpty();
    }

    private static ScenarioResult row(Scenario scenario, Double events, Double requests) {
        return row(scenario, events, requests, CPU);
    }

    private static ScenarioResult row(Scenario scenario, Double events, Double requests, CpuSample.Usage cpu) {
        return new ScenarioResult(
                scenario,
                scenario.name().toLowerCase(Locale.ROOT),
                events,
                requests,
                Duration.ofMillis(1).plusNanos(200_000),
                Duration.ofMillis(35),
                cpu,
                0.25,
                "");
    }
}
