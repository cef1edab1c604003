package dev.reflect.system.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.UserStateSerde;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LoadGenerator;
import dev.reflect.system.support.LoadGenerator.Outcome;
import dev.reflect.system.support.Reference;
import dev.reflect.system.support.Services;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sustained run through the HTTP API (the {@code long-tests} profile, not the default verify):
 * {@value #DEFAULT_SECONDS} s of check-ins at {@value #DEFAULT_RATE}/s from {@value #USERS} people
 * at the pace the rate limit allows them, plus one client flooding with a single token. Every
 * answer must be 202, or 429 with {@code Retry-After} for the flood; the latency percentiles are
 * reported; the heap after a full collection and the summed size of every user's state must not
 * keep growing once warmed up; and at the end every person's figures equal the input's.
 *
 * <p>{@code -Dreflect.soak.seconds} and {@code -Dreflect.soak.rate} change the length and rate.
 */
class SustainedLoadLongIT {

    static final int DEFAULT_SECONDS = 180;
    static final int DEFAULT_RATE = 200;
    static final int USERS = 600;
    static final int DAYS = 7;
    /** One request in this many is the flooder's: ~3/s against a limit of 1/s on average. */
    static final int FLOOD_EVERY = 100;

    static final Duration WARM_UP = Duration.ofSeconds(30);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDir;

    private final byte[] secret = Services.newSecret();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    /** Heap after a full collection and the summed serialized size of every user's state, at one moment. */
    record Sample(long secondsIn, long heapAfterGcBytes, long userStateBytes, long users) {}

    @AfterEach
    void stopAll() throws Exception {
        sampler.shutdownNow();
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void holdsASteadyRateWithNoErrorsButRateLimitsAndNoGrowth() throws Exception {
        int seconds = Integer.getInteger("reflect.soak.seconds", DEFAULT_SECONDS);
        int rate = Integer.getInteger("reflect.soak.rate", DEFAULT_RATE);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerDir, 0).start();
        running.add(broker);
        broker.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        IngestApp ingest = Services.startIngest(
                broker.bootstrapServers(),
                jwt,
                Duration.ofSeconds(5),
                new RateLimit(RateLimit.DEFAULT_PER_MINUTE, RateLimit.DEFAULT_BURST));
        running.add(ingest);
        StreamsApp streams = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, "reflect-soak-" + UUID.randomUUID(), stateDir))
                .start();
        running.add(streams);
        Services.awaitRunning(streams);

        List<String> users = IntStream.range(0, USERS)
                .mapToObj(i -> "u-" + UUID.randomUUID())
                .toList();
        String flooder = "u-flood-" + UUID.randomUUID();
        Map<String, String> tokens = new HashMap<>();
        users.forEach(user -> tokens.put(user, DevTokens.mint(secret, user, false)));
        tokens.put(flooder, DevTokens.mint(secret, flooder, false));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        LoadGenerator load = new LoadGenerator(ingest.port(), n -> {
            String user = n % FLOOD_EVERY == 0 ? flooder : users.get(n % USERS);
            return new LoadGenerator.Submission(CheckIns.nth(n, user, DAYS, now), tokens.get(user));
        });
        running.add(load);

        long began = System.nanoTime();
        List<Sample> samples = new CopyOnWriteArrayList<>();
        load.start(rate);
        var unused = sampler.scheduleAtFixedRate(
                () -> samples.add(sample(streams, began)),
                WARM_UP.toSeconds(),
                SAMPLE_EVERY.toSeconds(),
                TimeUnit.SECONDS);
        await("the run")
                .atMost(Duration.ofSeconds(seconds + 60L))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        System.nanoTime() - began >= Duration.ofSeconds(seconds).toNanos());
        List<Outcome> outcomes = load.stop();
        sampler.shutdownNow();
        assertThat(sampler.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<Integer, Long> statuses = load.statusCounts();
        List<Outcome> measured =
                outcomes.subList(Math.min(outcomes.size(), (int) (WARM_UP.toSeconds() * rate)), outcomes.size());
        long[] latencies = measured.stream()
                .filter(o -> o.status() == 202)
                .mapToLong(Outcome::latencyNanos)
                .sorted()
                .toArray();
        System.out.printf(
                "Sustained load: %d s at %d/s, %d requests, answers %s; after the %d s warm-up, 202 "
                        + "latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                seconds,
                rate,
                outcomes.size(),
                statuses,
                WARM_UP.toSeconds(),
                millis(latencies, 0.50),
                millis(latencies, 0.99),
                millis(latencies, 0.999),
                millis(latencies, 1.0));
        Map<String, Long> failures = new TreeMap<>();
        outcomes.stream().filter(o -> o.failure() != null).forEach(o -> failures.merge(o.failure(), 1L, Long::sum));
        if (!failures.isEmpty()) {
            System.out.println("Sustained load: requests without an answer, by client exception: " + failures);
        }
        samples.forEach(s -> System.out.printf(
                "Sustained load: at %3d s heap after GC %d MiB, user state %d KiB " + "over %d users%n",
                s.secondsIn(), s.heapAfterGcBytes() >> 20, s.userStateBytes() >> 10, s.users()));

        assertThat(statuses.keySet()).as("answers other than 202 and 429").isSubsetOf(202, 429);
        assertThat(outcomes).filteredOn(o -> o.status() == 429).allSatisfy(o -> {
            assertThat(o.checkIn().userId()).as("only the flooder is limited").isEqualTo(flooder);
            assertThat(o.retryAfter()).as("Retry-After on a 429").isNotNull();
        });
        assertThat(statuses.getOrDefault(429, 0L)).as("the flood was limited").isPositive();
        assertThat(outcomes.size())
                .as("requests sent: the generator kept its rate")
                .isGreaterThanOrEqualTo((int) (seconds * rate * 0.95));

        // Growth after warm-up: the last sample against the first, with room for GC timing noise.
        assertThat(samples).as("samples taken").hasSizeGreaterThanOrEqualTo(2);
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        assertThat(last.heapAfterGcBytes())
                .as("heap after GC at the end vs after warm-up")
                .isLessThanOrEqualTo(
                        Math.max(first.heapAfterGcBytes() * 3 / 2, first.heapAfterGcBytes() + (96L << 20)));
        assertThat(last.userStateBytes())
                .as("user state at the end vs after warm-up")
                .isLessThanOrEqualTo(first.userStateBytes() * 5 / 4);

        List<CheckIns> accepted = outcomes.stream()
                .filter(o -> o.status() == 202)
                .map(Outcome::checkIn)
                .toList();
        Map<String, Map<LocalDate, Integer>> expected = Reference.checkInsPerUserDay(accepted);
        Http query = new Http(streams.port());
        await("every person's figures equal the input's")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    for (Map.Entry<String, Map<LocalDate, Integer>> user : expected.entrySet()) {
                        Http.Answer answer = query.get(
                                "/v1/users/" + user.getKey() + "/progress?days=" + (DAYS + 2),
                                tokens.get(user.getKey()));
                        assertThat(answer.status()).isEqualTo(200);
                        assertThat(Reference.daysOf(answer.json(), "checkIns")).isEqualTo(user.getValue());
                    }
                });
    }

    private static Sample sample(StreamsApp streams, long began) {
        // A full collection first: the heap in use right after one is what the run retains.
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long bytes = 0;
        long users = 0;
        ReadOnlyKeyValueStore<String, UserState> store = streams.kafkaStreams()
                .store(StoreQueryParameters.fromNameAndType(
                        StateStores.USER_STATE, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, UserState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, UserState> entry = all.next();
                bytes += UserStateSerde.serialize(entry.value).length;
                users++;
            }
        }
        return new Sample(Duration.ofNanos(System.nanoTime() - began).toSeconds(), heap, bytes, users);
    }

    private static double millis(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
