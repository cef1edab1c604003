package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;

/** One scenario of the benchmark, set up once and then loaded and measured as often as asked. */
interface ScenarioRunner {

    Scenario scenario();

    /** Puts the scenario's load on for {@code duration} without measuring (warm-up). */
    void load(Duration duration);

    /** Puts the load on for {@code duration} and reports what it achieved; nothing may be left in flight after. */
    ScenarioResult measure(Duration duration);
}
