package dev.reflect.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for a query API under test. */
public final class QueryClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public QueryClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** GET {@code path} with a bearer token (none when null) and extra header name/value pairs. */
    public HttpResponse<String> get(String path, String token, String... headers) {
        return send("GET", path, token, headers);
    }

    /** POST {@code path} with no body. */
    public HttpResponse<String> post(String path, String token, String... headers) {
        return send("POST", path, token, headers);
    }

    private HttpResponse<String> send(String method, String path, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
