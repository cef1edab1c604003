package dev.reflect.producer.http;

import dev.reflect.service.http.ServiceUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers {@code GET /v1/me/sharing} on the ingest service by asking the query service, where a
 * person's sharing is kept with their state (contract section 8 lists the endpoint with the ingest
 * service's writes). The caller's own token goes along, so the query service decides what it shows.
 */
public final class SharingLookup {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /** The query service's answer, passed on as it is. */
    record Answer(int status, String contentType, byte[] body) {}

    private final Optional<URI> queryUrl;
    private final HttpClient http;

    public SharingLookup(Optional<URI> queryUrl, Executor executor) {
        this.queryUrl = queryUrl;
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    CompletableFuture<Answer> mySharing(String authorization) {
        if (queryUrl.isEmpty()) {
            return CompletableFuture.failedFuture(new ServiceUnavailableException(
                    "This ingest service has no query service configured (REFLECT_QUERY_URL) to read sharing from.",
                    RETRY_AFTER));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl.get() + "/v1/me/sharing"))
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw new ServiceUnavailableException(
                        "The query service, which keeps sharing, did not answer; retry shortly.", RETRY_AFTER);
            }
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        });
    }
}
