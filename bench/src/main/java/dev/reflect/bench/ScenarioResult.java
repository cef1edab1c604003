package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;

/**
 * One row of the report. Values that do not apply to a scenario are null: the raw producer has no
 * requests and no per-request latency, the no-op endpoint takes no events.
 *
 * @param loadGeneratorCores cores wrk used (null for the in-process raw producer)
 * @param notes anything that makes the row suspect (errors, failed writes), or empty
 */
record ScenarioResult(
        Scenario scenario,
        String description,
        Double eventsPerSecond,
        Double requestsPerSecond,
        Duration p50,
        Duration p99,
        CpuSample.Usage cpu,
        Double loadGeneratorCores,
        String notes) {
}
