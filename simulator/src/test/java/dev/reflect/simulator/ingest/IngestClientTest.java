package dev.reflect.simulator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client settles each answer the ingest service can give, against a scripted local HTTP server. */
class IngestClientTest {

    /** One scripted answer: status, headers as name/value pairs, body. */
    private record Answer(int status, List<String> headers, String body) {}

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Outcomes outcomes = new Outcomes();
    private final Set<UUID> accepted = ConcurrentHashMap.newKeySet();
    private final ByteArrayOutputStream problems = new ByteArrayOutputStream();
    private IngestClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = new IngestClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                outcomes,
                (userId, type, eventId) -> accepted.add(eventId),
                new PrintStream(problems, true, StandardCharsets.UTF_8),
                3,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        Answer answer = script.isEmpty() ? new Answer(500, List.of(), "") : script.poll();
        for (int i = 0; i < answer.headers().size(); i += 2) {
            exchange.getResponseHeaders()
                    .add(answer.headers().get(i), answer.headers().get(i + 1));
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static CheckIn checkIn() {
        return new CheckIn(
                UUID.randomUUID(),
                OffsetDateTime.parse("2026-11-26T10:00:00+01:00"),
                Context.WORK,
                3,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null);
    }

    @Test
    void aRateLimitedRequestIsRetriedAfterRetryAfterAndThenCounted() throws Exception {
        script.add(new Answer(429, List.of("Retry-After", "1"), "{}"));
        script.add(new Answer(202, List.of(), "{\"status\":\"accepted\"}"));
        CheckIn checkIn = checkIn();

        client.sendCheckIn("u-1", "token-1", checkIn);

        assertThat(outcomes.snapshot()).isEqualTo(new Outcomes.Snapshot(1, 1, 0, 0, 1, 0, 0));
        assertThat(accepted).containsExactly(checkIn.eventId());
        assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-1");
    }

    @Test
    void aBatchCountsEachItemByItsOwnResult() throws Exception {
        CheckIn first = checkIn();
        CheckIn second = checkIn();
        script.add(new Answer(200, List.of(), """
                {"results":[{"eventId":"%s","status":"accepted","errors":[]},
                            {"eventId":"%s","status":"rejected","errors":[{"field":"distress","message":"must be at most 10"}]}]}""".formatted(first.eventId(), second.eventId())));

        client.sendCheckIns("u-2", "token-2", List.of(first, second));

        assertThat(outcomes.snapshot()).isEqualTo(new Outcomes.Snapshot(2, 1, 1, 0, 0, 0, 0));
        assertThat(accepted).containsExactly(first.eventId());
        assertThat(problems.toString(StandardCharsets.UTF_8)).contains("fields: distress");
    }

    @Test
    void aBadRequestIsRejectedAndARefusedTokenFailsWithAHint() throws Exception {
        script.add(new Answer(
                400, List.of(), "{\"title\":\"Invalid\",\"errors\":[{\"field\":\"text\",\"message\":\"too long\"}]}"));
        script.add(new Answer(401, List.of(), "{}"));
        JournalEntry entry = new JournalEntry(
                UUID.randomUUID(), OffsetDateTime.parse("2026-11-26T10:00:00Z"), "words", null, null, null);

        client.sendJournalEntry("u-3", "t", entry);
        client.sendJournalEntry("u-3", "t", entry);

        assertThat(outcomes.snapshot()).isEqualTo(new Outcomes.Snapshot(2, 0, 1, 1, 0, 0, 0));
        assertThat(problems.toString(StandardCharsets.UTF_8))
                .contains("text too long")
                .contains("REFLECT_JWT_SECRET");
    }

    @Test
    void aServiceThatStaysUnavailableFailsTheEventOnceTheAttemptsAreUsed() throws Exception {
        for (int i = 0; i < 3; i++) {
            script.add(new Answer(503, List.of("Retry-After", "1"), "{}"));
        }

        client.sendCheckIn("u-4", "t", checkIn());

        assertThat(outcomes.snapshot()).isEqualTo(new Outcomes.Snapshot(1, 0, 0, 1, 0, 2, 0));
        assertThat(problems.toString(StandardCharsets.UTF_8)).contains("503 after every retry");
    }
}
