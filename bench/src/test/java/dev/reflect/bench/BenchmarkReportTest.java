package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static final MachineInfo MACHINE =
            new MachineInfo(2, "Test CPU", "8.0 GiB", "Java 17", "Linux", "wrk 4.1.0", "0.10 0.20 0.30",
                    "commit abc1234");
    private static final ZonedDateTime DATE = ZonedDateTime.parse("2026-11-26T20:00:00Z");
    private static final CpuSample.Usage CPU = new CpuSample.Usage(1.5, 1.0, 0.05);

    @Test
    void judgesEachTargetByItsRatio() {
        List<ScenarioResult> results = List.of(
                row(Scenario.RAW, 100_000.0, null),
                row(Scenario.BATCH, 50_000.0, 200.0),
                row(Scenario.SINGLE, 3_999.0, 3_999.0),
                row(Scenario.NOOP, null, 10_000.0));

        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE, results);

        assertThat(report).contains("| (c) batch ingest events/s vs (a) raw producer events/s | ≥ 50.0% | 50.0% | PASS |");
        assertThat(report).contains("| (b) single-event ingest req/s vs (d) no-op endpoint req/s | ≥ 40.0% | 40.0% | FAIL |");
    }

    @Test
    void saysWhenATargetsScenariosWereNotRun() {
        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE,
                List.of(row(Scenario.BATCH, 50_000.0, 200.0)));

        assertThat(report).contains("| ≥ 50.0% | — | not run |").contains("| ≥ 40.0% | — | not run |");
    }

    @Test
    void showsTheMachineAndRowsWithDashesForWhatDoesNotApply() {
        String report = BenchmarkReport.render(MACHINE, BenchOptions.defaults(), DATE,
                List.of(row(Scenario.RAW, 123_456.7, null)));

        assertThat(report).contains("2 cores (Test CPU), 8.0 GiB RAM; Java 17", "load average at start 0.10 0.20 0.30",
                "Code: commit abc1234.");
        assertThat(report).contains("| raw | 123,457 | — | 1.20 ms | 35.0 ms | 1.00 / 0.25 / 0.25 |  |");
    }

    private static ScenarioResult row(Scenario scenario, Double events, Double requests) {
        return new ScenarioResult(scenario, scenario.name().toLowerCase(java.util.Locale.ROOT), events, requests,
                Duration.ofMillis(1).plusNanos(200_000), Duration.ofMillis(35), CPU, 0.25, "");
    }
}
