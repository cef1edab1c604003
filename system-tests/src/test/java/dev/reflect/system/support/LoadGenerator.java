package dev.reflect.system.support;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Submits check-ins to the ingest service at a fixed rate, open-loop: a new request goes out on
 * schedule whether or not earlier ones were answered, as independent clients would send them, so
 * a stalled service shows as many requests in flight rather than as a slower generator.
 */
public final class LoadGenerator implements AutoCloseable {

    /**
     * One request's outcome; status {@link Http.Answer#CONNECTION_ERROR} when no answer came, and
     * then {@code failure} names the client's exception (e.g. {@code HttpTimeoutException}).
     * {@code sentAtNanos} is {@link System#nanoTime()} when the request went out.
     */
    public record Outcome(
            CheckIns checkIn, int status, long sentAtNanos, long latencyNanos, String retryAfter, String failure) {}

    /** What to send: the {@code n}th check-in and the token of its user. */
    public record Submission(CheckIns checkIn, String token) {}

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI checkIns;
    private final IntFunction<Submission> submissions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "load-generator");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    public LoadGenerator(int ingestPort, IntFunction<Submission> submissions) {
        this.checkIns = URI.create("http://127.0.0.1:" + ingestPort + "/v1/check-ins");
        this.submissions = submissions;
    }

    public LoadGenerator start(int perSecond) {
        var unused = scheduler.scheduleAtFixedRate(this::sendNext, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        return this;
    }

    private void sendNext() {
        Submission submission = submissions.apply(sent.getAndIncrement());
        HttpRequest request = HttpRequest.newBuilder(checkIns)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + submission.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(submission.checkIn().json(), StandardCharsets.UTF_8))
                .build();
        long began = System.nanoTime();
        inFlight.incrementAndGet();
        var unused = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    long latency = System.nanoTime() - began;
                    outcomes.add(
                            failure != null
                                    ? new Outcome(
                                            submission.checkIn(),
                                            Http.Answer.CONNECTION_ERROR,
                                            began,
                                            latency,
                                            null,
                                            rootCause(failure).getClass().getSimpleName())
                                    : new Outcome(
                                            submission.checkIn(),
                                            response.statusCode(),
                                            began,
                                            latency,
                                            response.headers()
                                                    .firstValue("Retry-After")
                                                    .orElse(null),
                                            null));
                    inFlight.decrementAndGet();
                });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Stops sending and returns once every request sent has been answered (or failed). */
    public List<Outcome> stop() {
        scheduler.shutdownNow();
        await("every request answered")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> scheduler.isTerminated() && inFlight.get() == 0);
        return outcomes();
    }

    public List<Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    /** How many answers of each status so far. */
    public Map<Integer, Long> statusCounts() {
        Map<Integer, Long> counts = new TreeMap<>();
        outcomes.forEach(outcome -> counts.merge(outcome.status(), 1L, Long::sum));
        return counts;
    }

    public long count(int status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).count();
    }

    public long countOtherThan(int status) {
        return outcomes.stream().filter(outcome -> outcome.status() != status).count();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
