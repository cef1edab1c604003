package dev.reflect.bench;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's knobs, from the command line ({@code --name value}); {@code --help} lists them.
 * The defaults are the ones BENCHMARKS.md reports.
 */
record BenchOptions(
        Duration warmup,
        Duration measure,
        int wrkThreads,
        int connections,
        int batchConnections,
        int batchSize,
        int users,
        int partitions,
        Set<Scenario> scenarios) {

    static final String USAGE = """
            usage: IngestBenchmark [options]
              --warmup SECONDS            warm-up before each measured scenario (default 5)
              --measure SECONDS           measured time per scenario (default 20)
              --wrk-threads N             wrk threads, for every HTTP scenario (default 1)
              --connections N             connections for single-event ingest and the no-op endpoint (default 64)
              --batch-connections N       connections for batch ingest (default 4)
              --batch-size N              check-ins per batch request, 1..500 (default 250)
              --users N                   distinct users (one token each) the load rotates through (default 10000)
              --partitions N              partitions of the check-in topic (default 6)
              --scenarios LIST            which of raw,single,batch,noop to run (default all)
            """;

    static BenchOptions defaults() {
        return new BenchOptions(Duration.ofSeconds(5), Duration.ofSeconds(20), 1, 64, 4, 250, 10_000, 6,
                EnumSet.allOf(Scenario.class));
    }

    static BenchOptions parse(String... args) {
        BenchOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            options = switch (name) {
                case "--warmup" -> options.withWarmup(Duration.ofSeconds(number(name, value, 0, 3600)));
                case "--measure" -> options.withMeasure(Duration.ofSeconds(number(name, value, 1, 3600)));
                case "--wrk-threads" -> options.withWrkThreads(number(name, value, 1, 64));
                case "--connections" -> options.withConnections(number(name, value, 1, 10_000));
                case "--batch-connections" -> options.withBatchConnections(number(name, value, 1, 10_000));
                case "--batch-size" -> options.withBatchSize(number(name, value, 1, 500));
                case "--users" -> options.withUsers(number(name, value, 1, 1_000_000));
                case "--partitions" -> options.withPartitions(number(name, value, 1, 1000));
                case "--scenarios" -> options.withScenarios(Scenario.parseList(value));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            };
        }
        if (options.wrkThreads > options.connections || options.wrkThreads > options.batchConnections) {
            throw new IllegalArgumentException("wrk needs at least one connection per thread\n" + USAGE);
        }
        return options;
    }

    /** The four scenarios of the issue, in the order they run. */
    enum Scenario {
        RAW, BATCH, SINGLE, NOOP;

        static Set<Scenario> parseList(String list) {
            Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
            for (String name : list.split(",")) {
                try {
                    chosen.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown scenario " + name.trim() + "\n" + USAGE, e);
                }
            }
            return chosen;
        }
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the one message below
        }
        throw new IllegalArgumentException(name + " must be a whole number between " + min + " and " + max);
    }

    BenchOptions withWarmup(Duration value) {
        return new BenchOptions(value, measure, wrkThreads, connections, batchConnections, batchSize, users, partitions, scenarios);
    }

    BenchOptions withMeasure(Duration value) {
        return new BenchOptions(warmup, value, wrkThreads, connections, batchConnections, batchSize, users, partitions, scenarios);
    }

    BenchOptions withWrkThreads(int value) {
        return new BenchOptions(warmup, measure, value, connections, batchConnections, batchSize, users, partitions, scenarios);
    }

    BenchOptions withConnections(int value) {
        return new BenchOptions(warmup, measure, wrkThreads, value, batchConnections, batchSize, users, partitions, scenarios);
    }

    BenchOptions withBatchConnections(int value) {
        return new BenchOptions(warmup, measure, wrkThreads, connections, value, batchSize, users, partitions, scenarios);
    }

    BenchOptions withBatchSize(int value) {
        return new BenchOptions(warmup, measure, wrkThreads, connections, batchConnections, value, users, partitions, scenarios);
    }

    BenchOptions withUsers(int value) {
        return new BenchOptions(warmup, measure, wrkThreads, connections, batchConnections, batchSize, value, partitions, scenarios);
    }

    BenchOptions withPartitions(int value) {
        return new BenchOptions(warmup, measure, wrkThreads, connections, batchConnections, batchSize, users, value, scenarios);
    }

    BenchOptions withScenarios(Set<Scenario> value) {
        return new BenchOptions(warmup, measure, wrkThreads, connections, batchConnections, batchSize, users, partitions,
                Set.copyOf(value));
    }
}
