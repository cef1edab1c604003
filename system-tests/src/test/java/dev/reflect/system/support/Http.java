package dev.reflect.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP client for one service under test that reports a refused or broken connection as
 * an answer ({@link Answer#CONNECTION_ERROR}) instead of throwing: a fault test counts those.
 */
public final class Http {

    /** What the JDK client says when a pooled connection turns out closed before any answer came. */
    private static final String STALE_CONNECTION = "header parser received no bytes";

    private final HttpClient client;
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A status, the headers and the body; status {@link #CONNECTION_ERROR} when no answer came. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {

        public static final int CONNECTION_ERROR = -1;

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Answer get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Answer postJson(String path, String token, String json) {
        return post(path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Answer post(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** A request with headers as given, verbatim (for garbage {@code Authorization} values). */
    public Answer send(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains(STALE_CONNECTION)) {
                    throw e;
                }
                // Jetty closes the connection after a request it cannot parse (say a %00 in the
                // path) without saying so; the next request may take that connection from the pool.
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            return new Answer(Answer.CONNECTION_ERROR, Map.of(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
