package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured window of one scenario. Values that do not apply to a scenario are null: the raw
 * producer has no requests and no per-request latency, the no-op endpoint takes no events.
 *
 * @param loadGeneratorCores cores wrk used (null for the in-process raw producer)
 * @param notes anything that makes the window suspect (errors, failed writes, a busy JIT), or empty
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

    /**
     * Events (or, without events, requests) per second per core the benchmark JVM used: the cost
     * of the work itself, which neighbours taking CPU away change far less than the raw rate.
     */
    Double perJvmCore() {
        Double rate = eventsPerSecond != null ? eventsPerSecond : requestsPerSecond;
        // Kafka's tool is the producer itself, in a JVM of its own: its cores count with the broker's.
        double cores = scenario == Scenario.PERF && loadGeneratorCores != null
                ? cpu.jvmCores() + loadGeneratorCores
                : cpu.jvmCores();
        return rate == null || cores <= 0 ? null : rate / cores;
    }

    /** The notes for a window: a JIT that had not settled, then each non-null problem. */
    static String notes(CpuSample.Usage cpu, String... problems) {
        List<String> notes = new ArrayList<>();
        if (!JitWarmup.settled(cpu.jitCores())) {
            notes.add(String.format(Locale.ROOT, "JIT still compiling (%.2f cores)", cpu.jitCores()));
        }
        for (String problem : problems) {
            if (problem != null) {
                notes.add(problem);
            }
        }
        return String.join("; ", notes);
    }
}
