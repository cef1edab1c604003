package dev.reflect.bench;

import static dev.reflect.bench.OptionValues.number;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's knobs, from the command line ({@code --name value}); {@code --help} lists them.
 * The defaults are the ones BENCHMARKS.md reports.
 *
 * @param jitWarmupMin the least first warm-up per scenario; it goes on until the JIT has settled (see {@link JitWarmup})
 * @param jitWarmupMax the most first warm-up per scenario
 * @param warmup load right before each measured window
 * @param rounds how often every scenario is measured; the report gives medians
 */
record BenchOptions(
        Duration jitWarmupMin,
        Duration jitWarmupMax,
        Duration warmup,
        Duration measure,
        int rounds,
        int wrkThreads,
        int connections,
        int batchConnections,
        int batchSize,
        int users,
        int partitions,
        Set<Scenario> scenarios,
        List<Integer> openRates,
        int openConnections) {

    static final String USAGE = """
            usage: IngestBenchmark [options]
              --jit-warmup SECONDS        least first warm-up per scenario; it goes on until the JIT
                                          compiler has settled (default 10)
              --jit-warmup-max SECONDS    most first warm-up per scenario (default 120)
              --warmup SECONDS            load right before each measured window (default 5)
              --measure SECONDS           measured time per scenario and round (default 20)
              --rounds N                  rounds of all scenarios, one after the other; the report
                                          gives the median of each (default 3)
              --wrk-threads N             wrk threads, for every HTTP scenario (default 1)
              --connections N             connections for single-event ingest and the no-op endpoint (default 256)
              --batch-connections N       connections for batch ingest (default 8)
              --batch-size N              check-ins per batch request, 1..500 (default 250)
              --users N                   distinct users (one token each) the load rotates through (default 10000)
              --partitions N              partitions of the check-in topic (default 6)
              --scenarios LIST            which of raw,perf,batch,single,noop,open to run (default all)
              --open-rates LIST           offered rates, check-ins a second, of the open-loop single-event
                                          scenario (default 500,1000,2000)
              --open-connections N        keep-alive connections (one sending thread each) of the
                                          open-loop scenario (default 64)
            """;

    static BenchOptions defaults() {
        return new BenchOptions(
                Duration.ofSeconds(10),
                Duration.ofSeconds(120),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                3,
                1,
                256,
                8,
                250,
                10_000,
                6,
                EnumSet.allOf(Scenario.class),
                List.of(500, 1000, 2000),
                64);
    }

    static BenchOptions parse(String... args) {
        BenchOptions d = defaults();
        Duration jitWarmupMin = d.jitWarmupMin;
        Duration jitWarmupMax = d.jitWarmupMax;
        Duration warmup = d.warmup;
        Duration measure = d.measure;
        int rounds = d.rounds;
        int wrkThreads = d.wrkThreads;
        int connections = d.connections;
        int batchConnections = d.batchConnections;
        int batchSize = d.batchSize;
        int users = d.users;
        int partitions = d.partitions;
        Set<Scenario> scenarios = d.scenarios;
        List<Integer> openRates = d.openRates;
        int openConnections = d.openConnections;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--jit-warmup" -> jitWarmupMin = seconds(name, value, 0);
                case "--jit-warmup-max" -> jitWarmupMax = seconds(name, value, 0);
                case "--warmup" -> warmup = seconds(name, value, 0);
                case "--measure" -> measure = seconds(name, value, 1);
                case "--rounds" -> rounds = number(name, value, 1, 100);
                case "--wrk-threads" -> wrkThreads = number(name, value, 1, 64);
                case "--connections" -> connections = number(name, value, 1, 10_000);
                case "--batch-connections" -> batchConnections = number(name, value, 1, 10_000);
                case "--batch-size" -> batchSize = number(name, value, 1, 500);
                case "--users" -> users = number(name, value, 1, 1_000_000);
                case "--partitions" -> partitions = number(name, value, 1, 1000);
                case "--scenarios" -> scenarios = Scenario.parseList(value);
                case "--open-rates" -> openRates = rates(name, value);
                case "--open-connections" -> openConnections = number(name, value, 1, 1000);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (wrkThreads > connections || wrkThreads > batchConnections) {
            throw new IllegalArgumentException("wrk needs at least one connection per thread\n" + USAGE);
        }
        if (jitWarmupMax.compareTo(jitWarmupMin) < 0) {
            throw new IllegalArgumentException("--jit-warmup-max must not be less than --jit-warmup\n" + USAGE);
        }
        return new BenchOptions(
                jitWarmupMin,
                jitWarmupMax,
                warmup,
                measure,
                rounds,
                wrkThreads,
                connections,
                batchConnections,
                batchSize,
                users,
                partitions,
                Set.copyOf(scenarios),
                openRates,
                openConnections);
    }

    private static List<Integer> rates(String name, String list) {
        List<Integer> rates = new ArrayList<>();
        for (String rate : list.split(",", -1)) {
            rates.add(number(name, rate.strip(), 1, 100_000));
        }
        return List.copyOf(rates);
    }

    /** The scenarios, in the order they run within a round. */
    enum Scenario {
        RAW,
        PERF,
        BATCH,
        SINGLE,
        NOOP,
        /** Single-event ingest at fixed offered rates, open loop ({@link OpenLoopLoad}). */
        OPEN;

        static Set<Scenario> parseList(String list) {
            return OptionValues.enumList(Scenario.class, list, "scenario", USAGE);
        }
    }

    private static Duration seconds(String name, String value, int min) {
        return Duration.ofSeconds(number(name, value, min, 3600));
    }
}
