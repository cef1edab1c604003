package dev.reflect.notifier.delivery;

import static dev.reflect.notifier.webhook.WebhookSigner.ID_HEADER;
import static dev.reflect.notifier.webhook.WebhookSigner.SIGNATURE_HEADER;
import static dev.reflect.notifier.webhook.WebhookSigner.TIMESTAMP_HEADER;

import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers a webhook with the JDK's HTTP client: a signed POST of the delivery's body, with the
 * Standard Webhooks headers, a fresh {@code webhook-timestamp} and signature per attempt (a receiver
 * rejects old timestamps to stop replays) and the same {@code webhook-id} every time. Redirects are
 * not followed (Standard Webhooks: the URL should be updated instead). The attempt ends after the
 * timeout whatever the receiver does, a trickled response included.
 */
public final class HttpDeliverer implements Deliverer {

    /** A connection that cannot be made in this time fails the attempt before its whole timeout. */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final String USER_AGENT = "Reflect-Notifier/1";

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public HttpDeliverer(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public CompletableFuture<AttemptResult> attempt(ClinicianEndpoint endpoint, PendingDelivery delivery) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(endpoint.url())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header(ID_HEADER, delivery.webhookId())
                    .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(
                            SIGNATURE_HEADER,
                            endpoint.signer().signature(delivery.webhookId(), timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(AttemptResult.unreachable());
        }
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        CompletableFuture<AttemptResult> result = exchange.handle((response, failure) -> failure == null
                ? AttemptResult.ofStatus(response.statusCode(), retryAfter(response))
                : classify(failure));
        // The request timeout covers the wait for the response's head; a body trickled after it is
        // cut off here, and the exchange cancelled (which closes its connection).
        return result.orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    exchange.cancel(true);
                    return AttemptResult.timeout();
                });
    }

    private static AttemptResult classify(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                ? AttemptResult.timeout()
                : AttemptResult.unreachable();
    }

    /** {@code Retry-After} in seconds or as an HTTP date; empty when absent or not understood. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> parseRetryAfter(value, clock));
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Duration until = Duration.between(
                    clock.instant(),
                    ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
