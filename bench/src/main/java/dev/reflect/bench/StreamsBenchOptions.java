package dev.reflect.bench;

import static dev.reflect.bench.OptionValues.number;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The streams benchmark's knobs, from the command line ({@code --name value}); {@code --help}
 * lists them. The defaults are the ones BENCHMARKS.md reports.
 *
 * @param users           distinct users in the throughput input and the freshness background load
 * @param events          check-ins pre-produced for the throughput runs (the same bytes for both topologies)
 * @param partitions      partitions of every contract topic
 * @param warmupRounds    unreported rounds of both topologies first, for the JIT
 * @param rounds          measured rounds; each runs both topologies, the first one alternating
 * @param profile         one more run of each topology with its stream thread's stack sampled
 * @param rate            check-ins per second the freshness load sends through HTTP
 * @param freshnessWarmupMin least load before the freshness window; it goes on until the JIT settles
 * @param freshnessWarmupMax most load before the freshness window
 * @param measure         the freshness window
 * @param sampleEvery     one check-in in this many is a probe whose visibility in the query API is timed; 1 in 40
 *                        (50 a second at 2,000/s) leaves the poll budget about four queries a probe
 * @param pollInterval    how often the query API is asked about one outstanding probe
 * @param probeUsers      users that receive only probes, one outstanding at a time each
 * @param connections     keep-alive connections the freshness load sends over; the next due request takes a free one
 * @param probeLog        where to write every measured probe's time and freshness; null for nowhere
 * @param variants        which topologies the throughput rounds run (A, B, C)
 * @param commitIntervalMs commit.interval.ms for the throughput runs; 0 keeps the exactly-once default (100 ms)
 */
record StreamsBenchOptions(
        int users,
        int events,
        int partitions,
        int warmupRounds,
        int rounds,
        boolean profile,
        int rate,
        Duration freshnessWarmupMin,
        Duration freshnessWarmupMax,
        Duration measure,
        int sampleEvery,
        Duration pollInterval,
        int probeUsers,
        int connections,
        Set<Phase> phases,
        Path probeLog,
        Set<StreamsThroughput.Variant> variants,
        int commitIntervalMs) {

    static final String USAGE = """
            usage: StreamsBenchmark [options]
              --users N               distinct users in the input and the background load (default 10000)
              --events N              check-ins pre-produced for the throughput runs (default 200000)
              --partitions N          partitions of every contract topic (default 6)
              --warmup-rounds N       unreported rounds of both topologies first, for the JIT (default 1)
              --rounds N              measured rounds of both topologies, alternating which goes first;
                                      the report gives medians (default 3)
              --profile true|false    one more run of each topology with its stream thread sampled (default true)
              --rate N                check-ins per second sent through HTTP for freshness (default 2000)
              --freshness-warmup SECONDS      least load before the freshness window; it goes on
                                              until the JIT compiler has settled (default 10)
              --freshness-warmup-max SECONDS  most load before the freshness window (default 40)
              --measure SECONDS       the freshness window (default 30)
              --sample-every N        one check-in in N is a timed probe (default 40)
              --poll-millis N         how often one outstanding probe is looked up in the query API (default 25)
              --probe-users N         users receiving only probes, one outstanding each (default 500)
              --connections N         keep-alive connections the freshness load sends over (default 64)
              --phases LIST           which of throughput,freshness to run (default both)
              --probe-log FILE        write each measured probe as "seconds since the first, freshness ms"
              --variants LIST         which of A,B,C the throughput rounds run (default A,B,C)
              --commit-ms N           commit.interval.ms of the throughput runs (default: the exactly-once
                                      default, 100 ms)
            """;

    /** The two parts of the benchmark; state size is measured within the throughput part. */
    enum Phase {
        THROUGHPUT,
        FRESHNESS;

        static Set<Phase> parseList(String list) {
            return OptionValues.enumList(Phase.class, list, "phase", USAGE);
        }
    }

    static StreamsBenchOptions defaults() {
        return new StreamsBenchOptions(
                10_000,
                200_000,
                6,
                1,
                3,
                true,
                2000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(40),
                Duration.ofSeconds(30),
                40,
                Duration.ofMillis(25),
                500,
                64,
                EnumSet.allOf(Phase.class),
                null,
                EnumSet.allOf(StreamsThroughput.Variant.class),
                0);
    }

    static StreamsBenchOptions parse(String... args) {
        StreamsBenchOptions d = defaults();
        int users = d.users;
        int events = d.events;
        int partitions = d.partitions;
        int warmupRounds = d.warmupRounds;
        int rounds = d.rounds;
        boolean profile = d.profile;
        int rate = d.rate;
        Duration freshnessWarmupMin = d.freshnessWarmupMin;
        Duration freshnessWarmupMax = d.freshnessWarmupMax;
        Duration measure = d.measure;
        int sampleEvery = d.sampleEvery;
        Duration pollInterval = d.pollInterval;
        int probeUsers = d.probeUsers;
        int connections = d.connections;
        Set<Phase> phases = d.phases;
        Path probeLog = d.probeLog;
        Set<StreamsThroughput.Variant> variants = d.variants;
        int commitIntervalMs = d.commitIntervalMs;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--users" -> users = number(name, value, 1, 1_000_000);
                case "--events" -> events = number(name, value, 1, 100_000_000);
                case "--partitions" -> partitions = number(name, value, 1, 1000);
                case "--warmup-rounds" -> warmupRounds = number(name, value, 0, 100);
                case "--rounds" -> rounds = number(name, value, 1, 100);
                case "--profile" -> profile = bool(name, value);
                case "--rate" -> rate = number(name, value, 1, 1_000_000);
                case "--freshness-warmup" -> freshnessWarmupMin = Duration.ofSeconds(number(name, value, 0, 3600));
                case "--freshness-warmup-max" -> freshnessWarmupMax = Duration.ofSeconds(number(name, value, 0, 3600));
                case "--measure" -> measure = Duration.ofSeconds(number(name, value, 1, 3600));
                case "--sample-every" -> sampleEvery = number(name, value, 1, 1_000_000);
                case "--poll-millis" -> pollInterval = Duration.ofMillis(number(name, value, 1, 10_000));
                case "--probe-users" -> probeUsers = number(name, value, 1, 1_000_000);
                case "--connections" -> connections = number(name, value, 1, 10_000);
                case "--phases" -> phases = Phase.parseList(value);
                case "--probe-log" -> probeLog = Path.of(value);
                case "--variants" -> variants = StreamsThroughput.Variant.parseList(value);
                case "--commit-ms" -> commitIntervalMs = number(name, value, 1, 600_000);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (freshnessWarmupMax.compareTo(freshnessWarmupMin) < 0) {
            throw new IllegalArgumentException(
                    "--freshness-warmup-max must not be less than --freshness-warmup\n" + USAGE);
        }
        return new StreamsBenchOptions(
                users,
                events,
                partitions,
                warmupRounds,
                rounds,
                profile,
                rate,
                freshnessWarmupMin,
                freshnessWarmupMax,
                measure,
                sampleEvery,
                pollInterval,
                probeUsers,
                connections,
                Set.copyOf(phases),
                probeLog,
                Set.copyOf(variants),
                commitIntervalMs);
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false");
        };
    }
}
