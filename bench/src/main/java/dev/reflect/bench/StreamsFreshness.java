package dev.reflect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Freshness: how long after the ingest service's 202 a check-in shows in the query API, under a
 * steady HTTP load.
 *
 * <p>A paced, open-loop client sends {@code rate} single check-ins a second to
 * {@code POST /v1/check-ins}: request i is due at start + i/rate whatever happened to earlier ones,
 * so a slow server shows up as latency and lag rather than as fewer requests (no coordinated
 * omission). Most go to the many background users. One slot in {@code sampleEvery} carries a
 * <em>probe</em> instead: a check-in occurring now for one of a pool of probe users, who receive
 * nothing else and at most one probe at a time, so the client knows exactly which count that
 * user's day must reach. From the probe's 202 on, a poller asks
 * {@code GET /v1/users/{probe}/progress?days=2} (clinician token) every {@code pollInterval} until
 * the day's {@code checkIns} reaches that count; the probe's freshness is the time from the 202 to
 * the response that showed it, an upper bound at most one poll interval plus one query late.
 */
final class StreamsFreshness implements AutoCloseable {

    /** What one window of load measured. */
    record Window(int targetRate, double seconds, long sent, long accepted, long failed,
                  Map<Integer, Integer> refusedByStatus, StreamsLatencies ingest, StreamsLatencies lag,
                  StreamsLatencies visible, long probes, long probesSkipped, long polls, CpuSample.Usage cpu) {

        double acceptedPerSecond() {
            return accepted / seconds;
        }

        double pollsPerSecond() {
            return polls / seconds;
        }

        /** The rate held: (almost) every scheduled request accepted, on time. */
        boolean sustained() {
            Duration lagP99 = lag.percentile(99);
            return failed == 0 && refusedByStatus.isEmpty() && acceptedPerSecond() >= 0.99 * targetRate
                    && lagP99 != null && lagP99.toMillis() < 100;
        }
    }

    private static final DateTimeFormatter OCCURRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A probe not visible after this counts as never seen. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    /** Open loop, but bounded: a stalled server must not make the client open connections without end. */
    private static final int MAX_IN_FLIGHT = 4000;

    private final URI checkIns;
    private final String queryBase;
    private final List<String> userAuthorizations;
    private final List<String> probeUsers;
    private final List<String> probeAuthorizations;
    private final String clinicianAuthorization;
    private final List<String> fragments;
    private final int rate;
    private final int sampleEvery;
    private final long pollIntervalNanos;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Queue<Integer> freeProbeUsers = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> probeCounts = new ConcurrentHashMap<>();
    private final Set<Probe> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong polls = new AtomicLong();
    private final Thread poller;
    private volatile boolean closed;
    private long sequence;

    /** One probe on its way: whose, which day, which count the day must reach, and since when. */
    private static final class Probe {
        final int user;
        final LocalDate day;
        final int expected;
        final long acceptedAt;
        final StreamsLatencies visible;
        volatile long nextPoll;
        volatile boolean polling;

        Probe(int user, LocalDate day, int expected, long acceptedAt, StreamsLatencies visible) {
            this.user = user;
            this.day = day;
            this.expected = expected;
            this.acceptedAt = acceptedAt;
            this.visible = visible;
            this.nextPoll = acceptedAt;
        }
    }

    /**
     * @param userAuthorizations  {@code Authorization} header values of the background users
     * @param probeUsers          the probe users' ids, each with its header value in {@code probeAuthorizations}
     * @param fragments           check-in bodies without their eventId, see {@link CheckInBodies}
     */
    StreamsFreshness(int ingestPort, int queryPort, List<String> userAuthorizations, List<String> probeUsers,
                     List<String> probeAuthorizations, String clinicianAuthorization, List<String> fragments,
                     int rate, int sampleEvery, Duration pollInterval) {
        this.checkIns = URI.create("http://127.0.0.1:" + ingestPort + "/v1/check-ins");
        this.queryBase = "http://127.0.0.1:" + queryPort + "/v1/users/";
        this.userAuthorizations = List.copyOf(userAuthorizations);
        this.probeUsers = List.copyOf(probeUsers);
        this.probeAuthorizations = List.copyOf(probeAuthorizations);
        this.clinicianAuthorization = clinicianAuthorization;
        this.fragments = List.copyOf(fragments);
        this.rate = rate;
        this.sampleEvery = sampleEvery;
        this.pollIntervalNanos = pollInterval.toNanos();
        for (int i = 0; i < probeUsers.size(); i++) {
            freeProbeUsers.add(i);
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "streams-bench-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // HTTP/1.1 as the services speak it; the default would try an h2c upgrade on every connection.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.poller = new Thread(this::pollLoop, "streams-bench-poller");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /**
     * Sends {@code rate} check-ins a second for {@code duration}, then waits for their answers and
     * for every probe of the window to be seen (or given up). Probes of an unmeasured window are
     * still followed, so their users become free again, but not recorded.
     */
    Window drive(Duration duration, boolean measured) {
        StreamsLatencies ingest = new StreamsLatencies();
        StreamsLatencies lag = new StreamsLatencies();
        StreamsLatencies visible = measured ? new StreamsLatencies() : null;
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Integer> refused = new ConcurrentHashMap<>();
        long probes = 0;
        long skipped = 0;
        long sent = 0;
        long period = 1_000_000_000L / rate;
        long pollsBefore = polls.get();
        CpuSample cpuBefore = CpuSample.now();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            while (inFlight.get() >= MAX_IN_FLIGHT) {
                LockSupport.parkNanos(100_000);
            }
            lag.add(System.nanoTime() - due);
            sent++;
            Integer probeUser = null;
            if (sequence++ % sampleEvery == 0) {
                probeUser = freeProbeUsers.poll();
                if (probeUser == null) {
                    skipped++;
                } else {
                    probes++;
                }
            }
            if (probeUser == null) {
                sendBackground(due, ingest, accepted, failed, refused);
            } else {
                sendProbe(probeUser, due, ingest, accepted, failed, refused, visible);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuSample cpuAfter = CpuSample.now();
        long pollsDuring = polls.get() - pollsBefore;
        awaitQuiet(measured);
        return new Window(rate, Math.max(seconds, duration.toNanos() / 1e9), sent, accepted.get(), failed.get(),
                Map.copyOf(refused), ingest, lag, visible == null ? new StreamsLatencies() : visible, probes, skipped,
                pollsDuring, cpuBefore.until(cpuAfter));
    }

    private void sendBackground(long due, StreamsLatencies ingest, AtomicLong accepted, AtomicLong failed,
                                Map<Integer, Integer> refused) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = CheckInBodies.body(UUID.randomUUID().toString(), fragments.get(random.nextInt(fragments.size())));
        String authorization = userAuthorizations.get(random.nextInt(userAuthorizations.size()));
        inFlight.incrementAndGet();
        http.sendAsync(post(authorization, body), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    inFlight.decrementAndGet();
                    record(due, response, error, ingest, accepted, failed, refused);
                });
    }

    private void sendProbe(int user, long due, StreamsLatencies ingest, AtomicLong accepted, AtomicLong failed,
                           Map<Integer, Integer> refused, StreamsLatencies visible) {
        OffsetDateTime occurredAt = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = occurredAt.toLocalDate();
        String key = user + "/" + day;
        int expected = probeCounts.getOrDefault(key, 0) + 1;
        String body = probeBody(occurredAt);
        inFlight.incrementAndGet();
        http.sendAsync(post(probeAuthorizations.get(user), body), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    long at = System.nanoTime();
                    inFlight.decrementAndGet();
                    boolean ok = record(due, response, error, ingest, accepted, failed, refused);
                    if (ok) {
                        probeCounts.put(key, expected);
                        outstanding.add(new Probe(user, day, expected, at, visible));
                    } else {
                        freeProbeUsers.add(user);
                    }
                });
    }

    /** A realistic body, as the background load sends, occurring now so it lands on the probe user's latest day. */
    private String probeBody(OffsetDateTime occurredAt) {
        String fragment = fragments.get(ThreadLocalRandom.current().nextInt(fragments.size()));
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(CheckInBodies.body(UUID.randomUUID().toString(),
                    fragment));
            body.put("occurredAt", OCCURRED_AT.format(occurredAt));
            return Json.mapper().writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean record(long due, HttpResponse<?> response, Throwable error, StreamsLatencies ingest,
                                  AtomicLong accepted, AtomicLong failed, Map<Integer, Integer> refused) {
        if (error != null) {
            failed.incrementAndGet();
            return false;
        }
        if (response.statusCode() != 202) {
            refused.merge(response.statusCode(), 1, Integer::sum);
            return false;
        }
        ingest.add(System.nanoTime() - due);
        accepted.incrementAndGet();
        return true;
    }

    private HttpRequest post(String authorization, String body) {
        return HttpRequest.newBuilder(checkIns)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private void pollLoop() {
        while (!closed) {
            long now = System.nanoTime();
            for (Probe probe : outstanding) {
                if (probe.polling || probe.nextPoll > now) {
                    continue;
                }
                if (now - probe.acceptedAt > PROBE_TIMEOUT.toNanos()) {
                    resolve(probe, StreamsLatencies.NEVER);
                    continue;
                }
                probe.polling = true;
                polls.incrementAndGet();
                http.sendAsync(progressRequest(probe), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            long at = System.nanoTime();
                            if (error == null && response.statusCode() == 200 && shows(response.body(), probe)) {
                                resolve(probe, at - probe.acceptedAt);
                            } else {
                                probe.nextPoll = at + pollIntervalNanos;
                                probe.polling = false;
                            }
                        });
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void resolve(Probe probe, long latencyNanos) {
        if (outstanding.remove(probe)) {
            if (probe.visible != null) {
                probe.visible.add(latencyNanos);
            }
            freeProbeUsers.add(probe.user);
        }
    }

    private HttpRequest progressRequest(Probe probe) {
        String user = URLEncoder.encode(probeUsers.get(probe.user), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(queryBase + user + "/progress?days=2"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", clinicianAuthorization)
                .GET()
                .build();
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

    private static boolean shows(String progressBody, Probe probe) {
        return shows(progressBody, probe.day, probe.expected);
    }

    /** Until the window's requests are answered and its probes seen or given up. */
    private void awaitQuiet(boolean measured) {
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.plus(PROBE_TIMEOUT).toNanos();
        while (System.nanoTime() < deadline
                && (inFlight.get() > 0 || (measured && outstanding.stream().anyMatch(p -> p.visible != null)))) {
            LockSupport.parkNanos(10_000_000);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
