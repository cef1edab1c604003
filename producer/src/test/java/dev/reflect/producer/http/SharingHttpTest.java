package dev.reflect.producer.http;

import static dev.reflect.producer.support.IngestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.support.InMemoryEventPublisher;
import dev.reflect.producer.support.IngestClient;
import dev.reflect.service.auth.DevTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sharing with a clinician on the ingest service (contract §8): a person grants and revokes for
 * themselves only, with each problem named; whom they share with is asked of the query service.
 */
class SharingHttpTest {

    private final InMemoryEventPublisher publisher = new InMemoryEventPublisher();
    private final String userId = "u-" + UUID.randomUUID();
    private final List<String> forwardedAuthorizations = new CopyOnWriteArrayList<>();
    private IngestApp app;
    private HttpServer queryService;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (queryService != null) {
            queryService.stop(0);
        }
    }

    private IngestClient start(IngestConfigChoice choice) throws IOException {
        var config = IngestHttpTest.config();
        if (choice == IngestConfigChoice.WITH_QUERY_SERVICE) {
            queryService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            queryService.createContext("/v1/me/sharing", exchange -> {
                forwardedAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = "{\"sharingWith\":[{\"clinicianId\":\"c-1\",\"since\":\"2026-12-01T10:00:00Z\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            queryService.start();
            config = config.withQueryUrl(
                    URI.create("http://127.0.0.1:" + queryService.getAddress().getPort()));
        }
        app = IngestApp.create(config, publisher, () -> true, Clock.systemUTC()).start();
        return new IngestClient(app.port());
    }

    private enum IngestConfigChoice {
        WITH_QUERY_SERVICE,
        WITHOUT_QUERY_SERVICE
    }

    private String token() {
        return DevTokens.mint(IngestHttpTest.SECRET, userId, false);
    }

    @Test
    void aPersonSharesAndStopsSharingAsEventsKeyedByThemselves() throws IOException {
        IngestClient client = start(IngestConfigChoice.WITHOUT_QUERY_SERVICE);
        Instant before = Instant.now();

        assertThat(client.send("PUT", "/v1/me/sharing/c-1", token()).statusCode())
                .isEqualTo(204);
        assertThat(client.send("DELETE", "/v1/me/sharing/c-1", token()).statusCode())
                .isEqualTo(204);

        assertThat(publisher.published()).hasSize(2).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(Topics.SHARING.name());
            assertThat(record.key()).isEqualTo(userId);
            SharingChange change = (SharingChange) record.value();
            assertThat(change.userId()).isEqualTo(userId);
            assertThat(change.clinicianId()).isEqualTo("c-1");
            assertThat(change.receivedAt()).isBetween(before, Instant.now());
        });
        assertThat(publisher.published())
                .extracting(record -> ((SharingChange) record.value()).action())
                .containsExactly(SharingChange.Action.GRANT, SharingChange.Action.REVOKE);
    }

    @Test
    void aBadClinicianIdIsNamedAndNothingIsWritten() throws IOException {
        IngestClient client = start(IngestConfigChoice.WITHOUT_QUERY_SERVICE);

        for (String clinicianId : List.of(userId, "c".repeat(129))) {
            HttpResponse<String> response = client.send("PUT", "/v1/me/sharing/" + clinicianId, token());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response).path("errors").findValuesAsText("field")).containsExactly("clinicianId");
        }
        assertThat(client.send("PUT", "/v1/me/sharing/c-1", null).statusCode()).isEqualTo(401);
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void whomAPersonSharesWithIsAskedOfTheQueryServiceWithTheirOwnToken() throws IOException {
        IngestClient client = start(IngestConfigChoice.WITH_QUERY_SERVICE);

        String token = token();
        HttpResponse<String> response = client.send("GET", "/v1/me/sharing", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("sharingWith").findValuesAsText("clinicianId"))
                .containsExactly("c-1");
        assertThat(forwardedAuthorizations).containsExactly("Bearer " + token);
        assertThat(client.send("GET", "/v1/me/sharing", null).statusCode())
                .as("no token, no question asked")
                .isEqualTo(401);
        assertThat(forwardedAuthorizations).hasSize(1);
    }

    @Test
    void withoutAQueryServiceTheListIsUnavailableNotEmpty() throws IOException {
        IngestClient client = start(IngestConfigChoice.WITHOUT_QUERY_SERVICE);

        HttpResponse<String> response = client.send("GET", "/v1/me/sharing", token());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
