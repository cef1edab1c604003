package dev.reflect.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.web.WebApp;
import dev.reflect.web.WebConfig;
import dev.reflect.web.signin.SignInSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web app passes each of the contract's routes to the service that owns it, and back what it
 * answers: status, headers, body, byte for byte.
 */
class PassingOnTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private RecordingUpstream ingest;
    private RecordingUpstream query;
    private WebApp web;

    @BeforeEach
    void start() {
        ingest = new RecordingUpstream();
        query = new RecordingUpstream();
        web = WebApp.create(new WebConfig("127.0.0.1", 0, ingest.url(), query.url(), SignInSettings.development()))
                .start();
    }

    @AfterEach
    void stop() {
        web.stop();
        ingest.close();
        query.close();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + pathAndQuery));
    }

    @Test
    void everyRouteOfTheIngestServiceReachesIt() throws Exception {
        List<String> ingestRoutes;
        IngestApp real = IngestApp.create(new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256("passing-on-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
                KafkaClientConfig.forBootstrapServers("127.0.0.1:1"),
                Duration.ofSeconds(1),
                RateLimit.OFF));
        try {
            ingestRoutes = real.routes().stream()
                    .filter(route -> route.contains(" /v1/"))
                    .toList();
        } finally {
            real.stop();
        }
        assertThat(ingestRoutes).isNotEmpty();
        for (String route : ingestRoutes) {
            String method = route.substring(0, route.indexOf(' '));
            // A path parameter is sent as a value, which must arrive as it was sent.
            String path = route.substring(route.indexOf(' ') + 1).replace("{clinicianId}", "c%2042");
            byte[] body = ("{\"route\":\"" + route + "\"}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> answer = send(at(path).header("Authorization", "Bearer t0ken")
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(answer.statusCode()).as(route).isEqualTo(200);
            RecordingUpstream.Request seen = ingest.requests.get(ingest.requests.size() - 1);
            assertThat(seen.method()).isEqualTo(method);
            assertThat(seen.rawPathAndQuery()).isEqualTo(path);
            assertThat(seen.body()).isEqualTo(body);
            assertThat(seen.headers().get("Authorization")).containsExactly("Bearer t0ken");
            assertThat(seen.headers().get("Content-type")).containsExactly("application/json");
        }
        assertThat(query.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/me/progress?days=28",
                "/v1/me/escalation",
                "/v1/me/entries?from=2026-09-01&to=2026-11-30&type=journal&limit=5&cursor=abc%3D%3D",
                "/v1/users/u%20123/progress?days=7",
                "/v1/users/u-123/escalation",
                "/v1/users/u-123/entries?limit=100",
                "/v1/me/measures",
                "/v1/users/u-123/measures",
                "/v1/me/access-log",
                "/v1/me/export",
                "/v1/caseload"
            })
    void readsGoToTheQueryServiceAsTheyCame(String pathAndQuery) throws Exception {
        HttpResponse<byte[]> answer = send(at(pathAndQuery).header("Authorization", "Bearer t0ken"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(query.requests).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.rawPathAndQuery()).isEqualTo(pathAndQuery);
            assertThat(seen.headers().get("Authorization")).containsExactly("Bearer t0ken");
        });
        assertThat(ingest.requests).isEmpty();
    }

    @Test
    void aRefusalKeepsItsStatusRetryAfterAndProblem() throws Exception {
        byte[] problem =
                "{\"type\":\"urn:reflect:problem:rate-limited\",\"status\":429}".getBytes(StandardCharsets.UTF_8);
        ingest.answer(429, Map.of("Content-Type", "application/problem+json", "Retry-After", "7"), problem);

        HttpResponse<byte[]> answer = send(at("/v1/check-ins/batch")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkIns\":[]}")));

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).isEqualTo(problem);
    }

    @Test
    void aRejectedTokenKeepsItsChallenge() throws Exception {
        query.answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"reflect\", error=\"invalid_token\""), new byte[0]);

        HttpResponse<byte[]> answer = send(at("/v1/me/progress").header("Authorization", "Bearer expired"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"reflect\", error=\"invalid_token\"");
    }

    @Test
    void cookiesGoNeitherWay() throws Exception {
        query.answer(
                200,
                Map.of("Content-Type", "application/json", "Set-Cookie", "tracker=1"),
                "{}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> answer = send(at("/v1/me/escalation").header("Cookie", "session=someone-elses"));

        assertThat(query.requests.get(0).headers()).doesNotContainKey("Cookie");
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aLargeAnswerPassesWhole() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        query.answer(200, Map.of("Content-Type", "application/json"), big);

        HttpResponse<byte[]> answer = send(at("/v1/me/entries"));

        assertThat(answer.body()).isEqualTo(big);
    }

    @Test
    void anExportArrivesAsTheFileTheQueryServiceNamed() throws Exception {
        byte[] document = "{\"format\":\"reflect-export/v1\",\"entries\":[]}".getBytes(StandardCharsets.UTF_8);
        query.answer(
                200,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "Content-Disposition",
                        "attachment; filename=\"reflect-export-2026-12-04.json\""),
                document);

        HttpResponse<byte[]> answer = send(at("/v1/me/export").header("Authorization", "Bearer t0ken"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"reflect-export-2026-12-04.json\"");
        assertThat(answer.body()).isEqualTo(document);
    }

    @Test
    void aServiceThatCannotBeReachedIsA502WithRetryAfter() throws Exception {
        query.close();

        HttpResponse<byte[]> answer = send(at("/v1/me/progress"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .contains("urn:reflect:problem:upstream-unreachable");
    }

    @Test
    void aRouteTheContractDoesNotListStaysHere() throws Exception {
        HttpResponse<byte[]> get = send(at("/v1/admin/everyone"));
        HttpResponse<byte[]> post = send(at("/v1/me/progress").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(ingest.requests).isEmpty();
        assertThat(query.requests).isEmpty();
    }

    @Test
    void theProgressPageIsTheQueryServicesOwnUnderProgress() throws Exception {
        query.answer(
                200,
                Map.of("Content-Type", "text/html", "Content-Security-Policy", "page-policy"),
                "<html>".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> bare = send(at("/progress"));
        HttpResponse<byte[]> page = send(at("/progress/"));
        send(at("/progress/assets/charts.js"));

        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/progress/"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("page-policy");
        assertThat(query.requests)
                .extracting(RecordingUpstream.Request::rawPathAndQuery)
                .containsExactly("/", "/assets/charts.js");
    }
}
