package dev.reflect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Freshness: how long after the ingest service's 202 a check-in shows in the query API, under a
 * steady HTTP load.
 *
 * <p>A paced client sends {@code rate} single check-ins a second to {@code POST /v1/check-ins}:
 * request i is due at start + i/rate, and whichever of {@code connections} keep-alive connections
 * is free takes the next due request. When all are busy the next request goes out late, and its
 * latency is still counted from when it was due, so a slow server shows up as latency and lag,
 * not as a quietly lower rate (no coordinated omission). Most requests go to the many background
 * users. One slot in {@code sampleEvery} carries a <em>probe</em> instead: a check-in occurring
 * now for one of a pool of probe users, who receive nothing else and at most one probe at a time,
 * so the client knows exactly which count that user's day must reach. From the probe's 202 on,
 * poller threads ask {@code GET /v1/me/progress?days=2} (the probe user's token) every
 * {@code pollInterval} until the day's {@code checkIns} reaches that count; the probe's freshness
 * is the time from the 202 to the response that showed it, an upper bound at most one poll
 * interval plus one query late.
 */
final class StreamsFreshness implements AutoCloseable {

    /** What one window of load measured. */
    record Window(
            int targetRate,
            double seconds,
            long sent,
            long accepted,
            long failed,
            Map<Integer, Integer> refusedByStatus,
            StreamsLatencies ingest,
            StreamsLatencies lag,
            StreamsLatencies visible,
            long probes,
            long probesSkipped,
            long polls,
            CpuSample.Usage cpu,
            Map<String, Double> threadCores,
            long backlogAtStart,
            long backlogAtEnd) {

        double acceptedPerSecond() {
            return accepted / seconds;
        }

        double pollsPerSecond() {
            return polls / seconds;
        }

        /** The rate held: every scheduled request accepted, and sent on time. */
        boolean sustained() {
            Duration lagP99 = lag.percentile(99);
            return failed == 0
                    && refusedByStatus.isEmpty()
                    && acceptedPerSecond() >= 0.99 * targetRate
                    && lagP99 != null
                    && lagP99.toMillis() < 100;
        }
    }

    private static final DateTimeFormatter OCCURRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** A probe not visible after this counts as never seen. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private static final int POLLERS = 4;
    /** Polls a second at most, as a share of the ingest rate: the probes must not become the load. */
    static final double POLL_BUDGET = 0.10;

    private static final String HOST = "127.0.0.1";

    private final String streamsApplicationId;
    private final int queryPort;
    private final List<String> userAuthorizations;
    private final List<String> probeAuthorizations;
    private final List<String> fragments;
    private final int rate;
    private final int sampleEvery;
    private final long pollIntervalNanos;
    private final List<StreamsHttpConnection> connections = new ArrayList<>();
    private final Queue<Integer> freeProbeUsers = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> probeCounts = new ConcurrentHashMap<>();
    private final Set<Probe> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong polls = new AtomicLong();
    private final long pollSpacingNanos;
    private final AtomicLong nextPollPermit = new AtomicLong();
    /** Poll answers by status; 0 for a failed request, 1 for a 200 that did not show the probe yet. */
    private final Map<Integer, AtomicLong> pollAnswers = new ConcurrentHashMap<>();

    private final List<Thread> pollers = new ArrayList<>();
    /** Measured probes as {accepted at (nanoTime), freshness}, for {@link #timeline()}. */
    private final Queue<long[]> timeline = new ConcurrentLinkedQueue<>();

    private volatile boolean closed;

    /** One probe on its way: whose, which day, which count the day must reach, and since when. */
    private static final class Probe {
        final int user;
        final LocalDate day;
        final int expected;
        final long acceptedAt;
        /** Where its freshness goes; null for a probe of an unmeasured window. */
        final StreamsLatencies visible;

        final AtomicBoolean polling = new AtomicBoolean();
        volatile long nextPoll;

        Probe(int user, LocalDate day, int expected, long acceptedAt, StreamsLatencies visible) {
            this.user = user;
            this.day = day;
            this.expected = expected;
            this.acceptedAt = acceptedAt;
            this.visible = visible;
            this.nextPoll = acceptedAt;
        }
    }

    /** The counters of one window, shared by its senders. */
    private static final class Tally {
        final StreamsLatencies ingest = new StreamsLatencies();
        final StreamsLatencies lag = new StreamsLatencies();
        final StreamsLatencies visible;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong probes = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final Map<Integer, Integer> refused = new ConcurrentHashMap<>();

        Tally(boolean measured) {
            this.visible = measured ? new StreamsLatencies() : null;
        }
    }

    /**
     * @param streamsApplicationId whose stream thread the CPU breakdown names
     * @param userAuthorizations  {@code Authorization} header values of the background users
     * @param probeUsers          the probe users' ids, each with its header value in {@code probeAuthorizations}
     * @param fragments           check-in bodies without their eventId, see {@link CheckInBodies}
     * @param connections         keep-alive connections (and sending threads) to the ingest service
     */
    StreamsFreshness(
            String streamsApplicationId,
            int ingestPort,
            int queryPort,
            List<String> userAuthorizations,
            List<String> probeUsers,
            List<String> probeAuthorizations,
            String clinicianAuthorization,
            List<String> fragments,
            int rate,
            int sampleEvery,
            Duration pollInterval,
            int connections) {
        this.streamsApplicationId = streamsApplicationId;
        this.queryPort = queryPort;
        this.userAuthorizations = List.copyOf(userAuthorizations);
        this.probeAuthorizations = List.copyOf(probeAuthorizations);
        this.fragments = List.copyOf(fragments);
        this.rate = rate;
        this.sampleEvery = sampleEvery;
        this.pollIntervalNanos = pollInterval.toNanos();
        this.pollSpacingNanos = (long) (1e9 / Math.max(1, rate * POLL_BUDGET));
        for (int i = 0; i < probeUsers.size(); i++) {
            freeProbeUsers.add(i);
        }
        for (int i = 0; i < connections; i++) {
            this.connections.add(new StreamsHttpConnection(HOST, ingestPort));
        }
        for (int i = 0; i < POLLERS; i++) {
            Thread poller = new Thread(this::pollLoop, "streams-bench-poller-" + (i + 1));
            poller.setDaemon(true);
            poller.start();
            pollers.add(poller);
        }
    }

    /**
     * Sends {@code rate} check-ins a second for {@code duration}, then waits for every probe of the
     * window to be seen (or given up). {@code backlog} (check-ins on the topic the streams app has
     * not committed yet) is read when sending starts and when it ends. Probes of an unmeasured window are still followed, so their
     * users become free again, but not recorded.
     */
    Window drive(Duration duration, boolean measured, LongSupplier backlog) throws InterruptedException {
        Tally tally = new Tally(measured);
        long backlogAtStart = backlog.getAsLong();
        long period = 1_000_000_000L / rate;
        long count = duration.toNanos() / period;
        AtomicLong next = new AtomicLong();
        long pollsBefore = polls.get();
        CpuSample cpuBefore = CpuSample.now();
        StreamsThreadCpu threadsBefore = StreamsThreadCpu.now();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections.size(); c++) {
            StreamsHttpConnection connection = connections.get(c);
            Thread sender = new Thread(
                    () -> {
                        for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            long due = start + i * period;
                            long now;
                            while ((now = System.nanoTime()) < due) {
                                LockSupport.parkNanos(due - now);
                            }
                            tally.lag.add(now - due);
                            send(connection, i, due, tally);
                        }
                    },
                    "streams-bench-sender-" + (c + 1));
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuSample cpuAfter = CpuSample.now();
        long backlogAtEnd = backlog.getAsLong();
        Map<String, Double> threadCores = threadsBefore.coresUntil(StreamsThreadCpu.now(), streamsApplicationId);
        long pollsDuring = polls.get() - pollsBefore;
        if (measured) {
            awaitProbes();
        }
        return new Window(
                rate,
                Math.max(seconds, duration.toNanos() / 1e9),
                count,
                tally.accepted.get(),
                tally.failed.get(),
                Map.copyOf(tally.refused),
                tally.ingest,
                tally.lag,
                tally.visible == null ? new StreamsLatencies() : tally.visible,
                tally.probes.get(),
                tally.skipped.get(),
                pollsDuring,
                cpuBefore.until(cpuAfter),
                threadCores,
                backlogAtStart,
                backlogAtEnd);
    }

    private void send(StreamsHttpConnection connection, long slot, long due, Tally tally) {
        Integer probeUser = null;
        if (slot % sampleEvery == 0) {
            probeUser = freeProbeUsers.poll();
            if (probeUser == null) {
                tally.skipped.incrementAndGet();
            } else {
                tally.probes.incrementAndGet();
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (probeUser == null) {
            String body =
                    CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(random.nextInt(fragments.size())));
            post(connection, userAuthorizations.get(random.nextInt(userAuthorizations.size())), body, due, tally);
            return;
        }
        OffsetDateTime occurredAt =
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = occurredAt.toLocalDate();
        String key = probeUser + "/" + day;
        int expected = probeCounts.getOrDefault(key, 0) + 1;
        if (post(connection, probeAuthorizations.get(probeUser), probeBody(occurredAt), due, tally)) {
            probeCounts.put(key, expected);
            outstanding.add(new Probe(probeUser, day, expected, System.nanoTime(), tally.visible));
        } else {
            freeProbeUsers.add(probeUser);
        }
    }

    /** True for a 202. */
    private boolean post(StreamsHttpConnection connection, String authorization, String body, long due, Tally tally) {
        StreamsHttpConnection.Response response;
        try {
            response =
                    connection.exchange("POST", "/v1/check-ins", authorization, body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            tally.failed.incrementAndGet();
            return false;
        }
        if (response.status() != 202) {
            tally.refused.merge(response.status(), 1, Integer::sum);
            return false;
        }
        tally.ingest.add(System.nanoTime() - due);
        tally.accepted.incrementAndGet();
        return true;
    }

    /** A realistic body, as the background load sends, occurring now so it lands on the probe user's latest day. */
    private String probeBody(OffsetDateTime occurredAt) {
        String fragment = fragments.get(ThreadLocalRandom.current().nextInt(fragments.size()));
        try {
            ObjectNode body = (ObjectNode)
                    Json.mapper().readTree(CheckInBodies.body(UUID.randomUUID().toString(), fragment));
            body.put("occurredAt", OCCURRED_AT.format(occurredAt));
            return Json.mapper().writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pollLoop() {
        try (StreamsHttpConnection query = new StreamsHttpConnection(HOST, queryPort)) {
            while (!closed) {
                boolean polled = false;
                for (Probe probe : outstanding) {
                    long now = System.nanoTime();
                    if (probe.nextPoll > now || !probe.polling.compareAndSet(false, true)) {
                        continue;
                    }
                    polled = true;
                    if (now - probe.acceptedAt > PROBE_TIMEOUT.toNanos()) {
                        resolve(probe, StreamsLatencies.NEVER);
                        continue;
                    }
                    awaitPollPermit();
                    polls.incrementAndGet();
                    boolean seen = false;
                    try {
                        StreamsHttpConnection.Response response = query.exchange(
                                "GET",
                                // The person's own view: since issue 11 a clinician reads only the
                                // people who share with them, and got 403 for every probe.
                                "/v1/me/progress?days=2",
                                probeAuthorizations.get(probe.user),
                                null);
                        seen = response.status() == 200 && shows(response.text(), probe.day, probe.expected);
                        int answer = response.status() == 200 && !seen ? 1 : response.status();
                        pollAnswers
                                .computeIfAbsent(answer, a -> new AtomicLong())
                                .incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        // Not seen this time; the next poll tries again.
                        pollAnswers.computeIfAbsent(0, a -> new AtomicLong()).incrementAndGet();
                    }
                    long at = System.nanoTime();
                    if (seen) {
                        resolve(probe, at - probe.acceptedAt);
                    } else {
                        // Every poll interval, or a tenth of the time waited so far if that is longer:
                        // a slow probe's freshness is still known to within 10 %, and a stall of the
                        // pipeline does not turn into a flood of queries on top of it.
                        probe.nextPoll = at + Math.max(pollIntervalNanos, (at - probe.acceptedAt) / 10);
                        probe.polling.set(false);
                    }
                }
                if (!polled) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }

    /**
     * Spaces all pollers' queries to the budget. When probes pile up (the pipeline stalls), each
     * is asked less often: the resolution gets coarser, the query load stays what it was.
     */
    private void awaitPollPermit() {
        long now = System.nanoTime();
        long permit = nextPollPermit.getAndAccumulate(now, (next, at) -> Math.max(next, at) + pollSpacingNanos);
        long at = Math.max(permit, now);
        while ((now = System.nanoTime()) < at) {
            LockSupport.parkNanos(at - now);
        }
    }

    private void resolve(Probe probe, long latencyNanos) {
        if (outstanding.remove(probe)) {
            if (probe.visible != null) {
                probe.visible.add(latencyNanos);
                timeline.add(new long[] {probe.acceptedAt, latencyNanos});
            }
            freeProbeUsers.add(probe.user);
        }
    }

    /**
     * Every measured probe as "seconds since the first one was accepted, freshness in ms", in the
     * order they were accepted: shows whether slow probes bunch in time (a stall) or spread out.
     */
    List<String> timeline() {
        List<long[]> probes = new ArrayList<>(timeline);
        probes.sort(Comparator.comparingLong(p -> p[0]));
        long first = probes.isEmpty() ? 0 : probes.get(0)[0];
        return probes.stream()
                .map(p -> String.format(
                        Locale.ROOT,
                        "%.3f %s",
                        (p[0] - first) / 1e9,
                        p[1] == StreamsLatencies.NEVER ? "never" : String.format(Locale.ROOT, "%.1f", p[1] / 1e6)))
                .toList();
    }

    /**
     * The stretches of the measured window, in seconds from its first probe, during which probes
     * slower than {@code threshold} were waiting to show: overlapping waits merge, so one stall
     * of the pipeline reads as one stretch however many probes it held up.
     */
    List<double[]> slowStretches(Duration threshold) {
        List<long[]> probes = new ArrayList<>(timeline);
        long origin = probes.stream().mapToLong(p -> p[0]).min().orElse(0);
        return stretches(probes, threshold.toNanos(), origin);
    }

    static List<double[]> stretches(List<long[]> probes, long thresholdNanos, long origin) {
        List<long[]> slow = probes.stream()
                .filter(p -> p[1] > thresholdNanos)
                .map(p ->
                        new long[] {p[0], p[1] == StreamsLatencies.NEVER ? p[0] + PROBE_TIMEOUT.toNanos() : p[0] + p[1]
                        })
                .sorted(Comparator.comparingLong(p -> p[0]))
                .toList();
        List<double[]> merged = new ArrayList<>();
        long from = 0;
        long to = Long.MIN_VALUE;
        for (long[] wait : slow) {
            if (wait[0] > to) {
                if (to != Long.MIN_VALUE) {
                    merged.add(new double[] {(from - origin) / 1e9, (to - origin) / 1e9});
                }
                from = wait[0];
            }
            to = Math.max(to, wait[1]);
        }
        if (to != Long.MIN_VALUE) {
            merged.add(new double[] {(from - origin) / 1e9, (to - origin) / 1e9});
        }
        return merged;
    }

    /** Poll answers so far by status (0: the request failed; 1: a 200 not showing the probe yet). */
    Map<Integer, Long> pollAnswers() {
        Map<Integer, Long> answers = new TreeMap<>();
        pollAnswers.forEach((status, count) -> answers.put(status, count.get()));
        return answers;
    }

    /** Whether the progress body shows the probe's day at (at least) the count it must reach. */
    static boolean shows(String progressBody, LocalDate day, int expected) {
        try {
            JsonNode days = Json.mapper().readTree(progressBody).path("days");
            for (JsonNode entry : days) {
                if (day.toString().equals(entry.path("date").asText())) {
                    return entry.path("checkIns").asInt() >= expected;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Until every probe of the measured window is seen or given up. */
    private void awaitProbes() throws InterruptedException {
        long deadline = System.nanoTime() + PROBE_TIMEOUT.plusSeconds(5).toNanos();
        while (System.nanoTime() < deadline && outstanding.stream().anyMatch(p -> p.visible != null)) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread poller : pollers) {
            try {
                poller.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.forEach(StreamsHttpConnection::close);
    }
}
