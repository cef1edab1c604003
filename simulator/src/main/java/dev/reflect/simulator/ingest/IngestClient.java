package dev.reflect.simulator.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Measure;
import dev.reflect.simulator.ingest.AcceptedEvents.EventType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends events to the ingest service's HTTP API as a client app would: a bearer token per user,
 * JSON bodies, and patience. A 429 (per-user rate limit) or 503 (Kafka cannot take the write in
 * time) is retried after the {@code Retry-After} the service gave; a network error after a
 * growing pause. Nothing is dropped silently: an event is accepted, rejected (4xx, or "rejected"
 * in a batch) or, once the attempts are used up, failed, and {@link Outcomes} counts which.
 * Thread-safe.
 */
public final class IngestClient {

    static final String CHECK_INS = "/v1/check-ins";
    static final String CHECK_IN_BATCH = "/v1/check-ins/batch";
    static final String MEASURES = "/v1/measures";
    static final String JOURNAL_ENTRIES = "/v1/journal-entries";
    /** The ingest service's batch limit (contract section 6). */
    public static final int MAX_BATCH = 500;

    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);
    private static final Duration FIRST_NETWORK_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_NETWORK_PAUSE = Duration.ofSeconds(8);

    private final URI target;
    private final HttpClient http;
    private final Outcomes outcomes;
    private final AcceptedEvents listener;
    private final PrintStream problems;
    private final int maxAttempts;
    private final Duration requestTimeout;
    /** Each kind of failure is explained once, not once per event. */
    private final Map<String, Boolean> explained = new ConcurrentHashMap<>();

    public IngestClient(
            URI target,
            Outcomes outcomes,
            AcceptedEvents listener,
            PrintStream problems,
            int maxAttempts,
            Duration requestTimeout) {
        this.target = Objects.requireNonNull(target, "target");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.maxAttempts = maxAttempts;
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: the ingest service speaks it, and an h2c upgrade attempt on every connection buys nothing.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Up to {@link #MAX_BATCH} check-ins of one user in one request. */
    public void sendCheckIns(String userId, String token, List<CheckIn> checkIns) throws InterruptedException {
        if (checkIns.isEmpty()) {
            return;
        }
        if (checkIns.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " check-ins per batch");
        }
        outcomes.sent(checkIns.size());
        Optional<HttpResponse<String>> answer = send(CHECK_IN_BATCH, token, Map.of("checkIns", checkIns));
        if (answer.isEmpty()) {
            outcomes.failed(checkIns.size());
            return;
        }
        HttpResponse<String> response = answer.get();
        if (response.statusCode() != 200) {
            settleWhole(response, checkIns.size());
            return;
        }
        JsonNode results = readTree(response.body()).path("results");
        if (!results.isArray() || results.size() != checkIns.size()) {
            explainOnce(
                    "batch-shape", "the batch answer did not list one result per check-in; counting them as failed");
            outcomes.failed(checkIns.size());
            return;
        }
        int accepted = 0;
        List<String> rejectedFields = new ArrayList<>();
        for (int i = 0; i < checkIns.size(); i++) {
            JsonNode result = results.get(i);
            if ("accepted".equals(result.path("status").asText())) {
                accepted++;
                listener.accepted(userId, EventType.CHECK_IN, checkIns.get(i).eventId());
            } else {
                result.path("errors")
                        .forEach(error -> rejectedFields.add(error.path("field").asText()));
            }
        }
        outcomes.accepted(accepted);
        int rejected = checkIns.size() - accepted;
        if (rejected > 0) {
            outcomes.rejected(rejected);
            explainOnce(
                    "batch-rejected",
                    "the ingest service rejected check-ins of a batch (fields: "
                            + String.join(
                                    ", ", rejectedFields.stream().distinct().toList()) + ")");
        }
    }

    public void sendCheckIn(String userId, String token, CheckIn checkIn) throws InterruptedException {
        sendOne(CHECK_INS, userId, token, checkIn, EventType.CHECK_IN, checkIn.eventId());
    }

    public void sendJournalEntry(String userId, String token, JournalEntry entry) throws InterruptedException {
        sendOne(JOURNAL_ENTRIES, userId, token, entry, EventType.JOURNAL_ENTRY, entry.eventId());
    }

    /**
     * The person starts sharing with {@code clinicianId} ({@code PUT /v1/me/sharing/{id}}, 204);
     * false if the service did not say so.
     */
    public boolean share(String token, String clinicianId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/v1/me/sharing/" + clinicianId))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        }
    }

    /** Answers to a questionnaire (contract section 10). */
    public void sendMeasure(String userId, String token, Measure measure) throws InterruptedException {
        sendOne(MEASURES, userId, token, measure, EventType.MEASURE, measure.eventId());
    }

    /** Whether {@code GET /health/ready} answers 200 now: the service is up and can reach Kafka. */
    public boolean ready() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/health/ready"))
                .timeout(requestTimeout)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void sendOne(String path, String userId, String token, Object event, EventType type, UUID eventId)
            throws InterruptedException {
        outcomes.sent(1);
        Optional<HttpResponse<String>> answer = send(path, token, event);
        if (answer.isEmpty()) {
            outcomes.failed(1);
        } else if (answer.get().statusCode() == 202) {
            outcomes.accepted(1);
            listener.accepted(userId, type, eventId);
        } else {
            settleWhole(answer.get(), 1);
        }
    }

    /** A request that was answered, but not with success: every event in it shares the answer. */
    private void settleWhole(HttpResponse<String> response, int events) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            explainOnce(
                    "auth",
                    "the ingest service refused the token (" + status
                            + "): does the simulator sign with the secret the service checks (--secret / REFLECT_JWT_SECRET)?");
            outcomes.failed(events);
        } else if (status == 429) {
            explainOnce(
                    "gave-up-429",
                    "gave up on requests still rate limited (429) after " + maxAttempts
                            + " attempts; the rate is above what the service allows its users");
            outcomes.failed(events);
        } else if (status >= 400 && status < 500) {
            // The problem body lists fields and rules only; the service never echoes what was sent.
            explainOnce(
                    "rejected-" + status,
                    "the ingest service rejected a request (" + status + "): " + fieldsOf(response.body()));
            outcomes.rejected(events);
        } else {
            explainOnce("status-" + status, "the ingest service answered " + status + " after every retry");
            outcomes.failed(events);
        }
    }

    /**
     * The final answer to a POST, retrying 429, 503 and network errors, or empty once
     * {@code maxAttempts} were used up (or a body could not be written, which retrying won't fix).
     */
    private Optional<HttpResponse<String>> send(String path, String token, Object body) throws InterruptedException {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            explainOnce("serialize", "an event could not be written as JSON: " + e.getOriginalMessage());
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(target.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        Duration networkPause = FIRST_NETWORK_PAUSE;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= maxAttempts;
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (last) {
                    explainOnce(
                            "network",
                            "could not reach the ingest service at " + target + ": "
                                    + e.getClass().getSimpleName());
                    return Optional.empty();
                }
                outcomes.networkRetry();
                Thread.sleep(networkPause.toMillis());
                networkPause = min(networkPause.multipliedBy(2), MAX_NETWORK_PAUSE);
                continue;
            }
            int status = response.statusCode();
            if ((status == 429 || status == 503) && !last) {
                if (status == 429) {
                    outcomes.rateLimitedRetry();
                } else {
                    outcomes.unavailableRetry();
                }
                Thread.sleep(retryAfter(response).toMillis());
                continue;
            }
            return Optional.of(response);
        }
    }

    /** The service's {@code Retry-After} in seconds, 1 s when absent or unreadable, at most a minute. */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(value -> {
                    try {
                        return min(Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim()))), MAX_RETRY_AFTER);
                    } catch (NumberFormatException e) {
                        return Duration.ofSeconds(1);
                    }
                })
                .orElse(Duration.ofSeconds(1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static JsonNode readTree(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().missingNode();
        }
    }

    private static String fieldsOf(String problemBody) {
        try {
            JsonNode problem = Json.mapper().readTree(problemBody);
            List<String> fields = new ArrayList<>();
            problem.path("errors")
                    .forEach(error -> fields.add(error.path("field").asText() + " "
                            + error.path("message").asText()));
            return fields.isEmpty() ? problem.path("title").asText("no details") : String.join("; ", fields);
        } catch (IOException | RuntimeException e) {
            return "no details";
        }
    }

    private void explainOnce(String kind, String message) {
        if (explained.putIfAbsent(kind, Boolean.TRUE) == null) {
            problems.println("simulator: " + message);
        }
    }
}
