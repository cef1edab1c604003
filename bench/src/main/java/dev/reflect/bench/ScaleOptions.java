package dev.reflect.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Options of {@link ScaleBenchmark}: one point of the scale curve per run.
 *
 * @param people          how many people the input holds (drawn at random per event, as offline clients produce)
 * @param eventsPerPerson check-ins per person on average; the input is {@code people × eventsPerPerson} records
 * @param partitions      partitions of every topic
 * @param queryRate       query API requests a second during the read phase
 * @param querySeconds    seconds of measured reads (after as many again of unmeasured warm-up, at most 20)
 * @param connections     keep-alive connections the reads share
 * @param workDir         where the broker's log and the state directory go (null: a temporary folder)
 */
record ScaleOptions(
        int people,
        int eventsPerPerson,
        int partitions,
        int queryRate,
        int querySeconds,
        int connections,
        Path workDir) {

    static final String USAGE = """
            Usage: ScaleBenchmark [options]   (one point of the scale curve; bench/scale.sh runs 10k, 100k, 1M)
              --people N              people in the input (default 10000)
              --events-per-person N   check-ins per person on average (default 3)
              --partitions N          partitions of every topic (default 6)
              --query-rate N          query API reads a second, open loop (default 200)
              --query-seconds N       seconds of measured reads (default 30)
              --connections N         keep-alive connections for the reads (default 8)
              --work-dir DIR          broker log and state directory (default: a temporary folder)
            """;

    ScaleOptions {
        positive("--people", people);
        positive("--events-per-person", eventsPerPerson);
        positive("--partitions", partitions);
        positive("--query-rate", queryRate);
        positive("--query-seconds", querySeconds);
        positive("--connections", connections);
        if ((long) people * eventsPerPerson > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--people × --events-per-person must be at most " + Integer.MAX_VALUE);
        }
        if (people > 9_999_999) {
            throw new IllegalArgumentException("--people must be at most 9999999 (seven-digit ids)");
        }
    }

    static ScaleOptions parse(String... args) {
        int people = 10_000;
        int eventsPerPerson = 3;
        int partitions = 6;
        int queryRate = 200;
        int querySeconds = 30;
        int connections = 8;
        Path workDir = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--people" -> people = integer(name, value);
                case "--events-per-person" -> eventsPerPerson = integer(name, value);
                case "--partitions" -> partitions = integer(name, value);
                case "--query-rate" -> queryRate = integer(name, value);
                case "--query-seconds" -> querySeconds = integer(name, value);
                case "--connections" -> connections = integer(name, value);
                case "--work-dir" -> workDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new ScaleOptions(people, eventsPerPerson, partitions, queryRate, querySeconds, connections, workDir);
    }

    long events() {
        return (long) people * eventsPerPerson;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be a whole number, not '%s'", name, value), e);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
