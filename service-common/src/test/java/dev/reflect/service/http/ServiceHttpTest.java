package dev.reflect.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.FieldError;
import dev.reflect.events.Json;
import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared HTTP foundation on a real Javalin server: problem details, security headers, auth, metrics. */
class ServiceHttpTest {

    private static final byte[] SECRET = "service-http-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private final HttpClient client = HttpClient.newHttpClient();
    private ServiceMetrics metrics;
    private Javalin app;

    @BeforeEach
    void start() {
        metrics = ServiceMetrics.create();
        JwtAuthenticator authenticator = JwtAuthenticator.hs256(SECRET);
        app = Javalin.create(config -> {
            ServiceHttp.configure(config, metrics.registry());
            config.routes.beforeMatched("/v1/*", BearerAuth.require(authenticator));
            config.routes.get("/v1/users/{userId}/thing", ctx -> {
                BearerAuth.requireSelf(ctx, ctx.pathParam("userId"));
                ctx.json(java.util.Map.of("ok", true));
            });
            config.routes.get("/fail/validation", ctx -> {
                throw new InvalidRequestException(List.of(
                        new FieldError("distress", "must be between 0 and 10"),
                        new FieldError("context", "is required")));
            });
            config.routes.get("/fail/413", ctx -> {
                throw new PayloadTooLargeException(1024);
            });
            config.routes.get("/fail/415", ctx -> {
                throw new UnsupportedMediaTypeException("Send application/json.");
            });
            config.routes.get("/fail/404", ctx -> {
                throw new NotFoundException("No such user.");
            });
            config.routes.get("/fail/429", ctx -> {
                throw new TooManyRequestsException(Duration.ofMillis(1500));
            });
            config.routes.get("/fail/503", ctx -> {
                throw new ServiceUnavailableException("Kafka is slow.", Duration.ofSeconds(5));
            });
            config.routes.get(
                    "/fail/async",
                    ctx -> ctx.future(() -> CompletableFuture.failedFuture(
                            new ServiceUnavailableException("Kafka is slow.", Duration.ofSeconds(2)))));
            config.routes.get("/fail/bug/{userId}", ctx -> {
                throw new IllegalStateException("leaked note text for " + ctx.pathParam("userId"));
            });
            config.routes.get("/metrics", metrics::scrape);
        });
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        metrics.close();
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return Json.mapper().readTree(response.body());
    }

    @Test
    void validationProblemsListEveryFieldError() throws Exception {
        HttpResponse<String> response = get("/fail/validation", null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = body(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:reflect:problem:invalid-request");
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isEqualTo("The request has 2 problems.");
        assertThat(problem.get("instance").asText()).startsWith("urn:uuid:");
        assertThat(problem.get("errors")).hasSize(2);
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("distress");
        assertThat(problem.get("errors").get(1).get("message").asText()).isEqualTo("is required");
    }

    @Test
    void eachCaseHasItsStatusAndHeaders() throws Exception {
        HttpResponse<String> tooLarge = get("/fail/413", null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Connection")).hasValue("close");
        assertThat(get("/fail/415", null).statusCode()).isEqualTo(415);
        assertThat(get("/fail/404", null).statusCode()).isEqualTo(404);

        HttpResponse<String> limited = get("/fail/429", null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(body(limited).has("errors")).isFalse();

        HttpResponse<String> unavailable = get("/fail/503", null);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(body(unavailable).get("detail").asText()).isEqualTo("Kafka is slow.");
    }

    @Test
    void failuresOfAsynchronousHandlersAreMappedToo() throws Exception {
        HttpResponse<String> response = get("/fail/async", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(body(response).get("type").asText()).isEqualTo("urn:reflect:problem:unavailable");
    }

    @Test
    void unexpectedErrorsAre500WithoutTheirMessage() throws Exception {
        HttpResponse<String> response = get("/fail/bug/u-secret-42", null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(body(response).get("detail").asText()).isEqualTo("The request could not be processed.");
        assertThat(response.body()).doesNotContain("leaked").doesNotContain("u-secret-42");
    }

    @Test
    void unknownRoutesAreProblemsThatDoNotEchoThePath() throws Exception {
        HttpResponse<String> response = get("/v2/users/u-secret-42", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).get("status").asInt()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("u-secret-42");
    }

    @Test
    void protectedRoutesAnswer401WithABearerChallenge() throws Exception {
        HttpResponse<String> missing = get("/v1/users/u-1/thing", null);
        HttpResponse<String> forged = get(
                "/v1/users/u-1/thing",
                DevTokens.mint("forged-secret-forged-secret-forged!".getBytes(StandardCharsets.UTF_8), "u-1", false));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reflect\"");
        assertThat(body(missing).get("type").asText()).isEqualTo("urn:reflect:problem:unauthorized");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"reflect\", error=\"invalid_token\"");
    }

    @Test
    void usersReadOnlyTheirOwnDataAndTheClinicianScopeAloneGrantsNothing() throws Exception {
        assertThat(get("/v1/users/u-1/thing", DevTokens.mint(SECRET, "u-1", false))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/v1/users/u-1/thing", DevTokens.mint(SECRET, "u-2", false))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/v1/users/u-1/thing", DevTokens.mint(SECRET, "c-9", true))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void everyResponseCarriesSecurityHeaders() throws Exception {
        for (HttpResponse<String> response : List.of(
                get("/fail/404", null),
                get("/metrics", null),
                get("/v1/users/u-1/thing", DevTokens.mint(SECRET, "u-1", false)))) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        }
    }

    @Test
    void requestsAreTimedByRouteTemplateNeverByRawPath() throws Exception {
        get("/v1/users/u-raw-id-77/thing", DevTokens.mint(SECRET, "u-raw-id-77", false));
        get("/nowhere/u-raw-id-77", null);

        String scrape = get("/metrics", null).body();

        assertThat(scrape).doesNotContain("u-raw-id-77");
        assertThat(scrape).contains("http_server_requests_seconds_bucket{");
        assertThat(scrape)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\""
                        + "[^}]*outcome=\"SUCCESS\"[^}]*status=\"200\"[^}]*uri=\"/v1/users/\\{userId}/thing\"} 1");
        assertThat(scrape)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*uri=\"NOT_FOUND\"}");
    }

    @Test
    void metersThatPrometheusRefusesAreReported() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ServiceMetrics.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            metrics.registry()
                    .gauge("kafka.producer.thing", List.of(io.micrometer.core.instrument.Tag.of("a", "b")), 1.0);
            metrics.registry().counter("kafka.producer.thing").increment();

            assertThat(logs.list)
                    .anySatisfy(event -> assertThat(event.getFormattedMessage())
                            .contains("kafka.producer.thing")
                            .contains(ServiceMetrics.REGISTRATION_FAILED));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void metricsIncludeJvmMeters() throws Exception {
        HttpResponse<String> response = get("/metrics", null);

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("jvm_gc_")
                .contains("jvm_threads_live_threads");
    }
}
