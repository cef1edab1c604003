package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.state.UserState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The query API's routes, auth, parameters and errors, in-process with a fake store lookup. */
class QueryHttpTest {

    static final byte[] SECRET = "query-http-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private final String userId = "u-" + UUID.randomUUID();
    private final String otherUserId = "u-" + UUID.randomUUID();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private QueryServer server;
    private QueryClient client;

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        server = new QueryServer(SECRET);
        client = new QueryClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        // Whatever each test did, nothing it logged may carry a user id or a token.
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                        .doesNotContain(userId)
                        .doesNotContain(otherUserId)
                        .doesNotContain(token()));
    }

    private final String token = DevTokens.mint(SECRET, userId, false);

    private String token() {
        return token;
    }

    private String clinicianToken() {
        return DevTokens.mint(SECRET, "clinician-" + UUID.randomUUID(), true);
    }

    private static UserState state(String user) {
        UserState state = UserState.empty();
        state.add(checkIn(user, DAY.minusDays(1))
                .distress(6)
                .trigger(TriggerCategory.PLANS_CHANGED)
                .build());
        state.add(checkIn(user, DAY)
                .distress(4)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                .build());
        return state;
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("status").asInt()).isEqualTo(status);
    }

    @Test
    void ownProgressFollowsTheContractWithTheDefault28Days() {
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> response = client.get("/v1/users/" + userId + "/progress", token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue(Forwarding.REPLICA_HEADER)).hasValue("active");
        JsonNode body = json(response);
        assertThat(body.path("userId").asText()).isEqualTo(userId);
        assertThat(body.path("asOf").asText()).isEqualTo(DAY.toString());
        assertThat(body.path("days")).hasSize(28);
        JsonNode today = body.path("days").get(27);
        assertThat(today.path("date").asText()).isEqualTo(DAY.toString());
        assertThat(today.path("checkIns").asInt()).isEqualTo(1);
        assertThat(today.path("reassuranceAsks").asInt()).isEqualTo(3);
        assertThat(today.path("behaviors").path("SOUGHT_REASSURANCE").asInt()).isEqualTo(3);
        assertThat(body.path("days")
                        .get(26)
                        .path("triggers")
                        .path("PLANS_CHANGED")
                        .asInt())
                .isEqualTo(1);
        assertThat(body.path("window7d").path("checkIns").asInt()).isEqualTo(2);
        assertThat(body.path("window7d").path("distressAvg").asDouble()).isEqualTo(5.0);
        assertThat(body.path("baselineWeekly").path("established").asBoolean()).isFalse();
        assertThat(body.path("escalation").path("level").asText()).isEqualTo("STEADY");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 90})
    void daysChoosesTheLengthOfTheSeries(int days) {
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> response = client.get("/v1/users/" + userId + "/progress?days=" + days, token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("days")).hasSize(days);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "91", "-1", "seven", "1.5", "", "99999999999"})
    void daysOutsideOneTo90IsA400NamingDays(String days) {
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> response = client.get("/v1/users/" + userId + "/progress?days=" + days, token());

        assertProblem(response, 400);
        JsonNode body = json(response);
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("days");
        if (!days.isEmpty()) {
            assertThat(response.body()).doesNotContain("\"" + days + "\"").doesNotContain("'" + days + "'");
        }
    }

    @Test
    void escalationBodyHasTheContractsFields() {
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> response = client.get("/v1/users/" + userId + "/escalation", token());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("level").asText()).isEqualTo("STEADY");
        assertThat(body.path("since").asText()).isEqualTo(DAY.minusDays(1).toString());
        assertThat(body.has("rule")).isTrue();
        assertThat(body.path("observed").path("reassuranceAsks7d").asInt()).isEqualTo(3);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    @Test
    void meAliasesAnswerForTheTokensSubject() {
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> progress = client.get("/v1/me/progress?days=3", token());
        HttpResponse<String> escalation = client.get("/v1/me/escalation", token());

        assertThat(progress.statusCode()).isEqualTo(200);
        assertThat(json(progress).path("userId").asText()).isEqualTo(userId);
        assertThat(json(progress).path("days")).hasSize(3);
        assertThat(escalation.statusCode()).isEqualTo(200);
        assertThat(json(escalation).path("level").asText()).isEqualTo("STEADY");
        assertProblem(client.get("/v1/me/progress?days=0", token()), 400);
    }

    @Test
    void withoutATokenEveryQueryIs401WithABearerChallenge() {
        server.lookup.activeHere(userId, state(userId));

        for (String path : new String[] {
            "/v1/users/" + userId + "/progress",
            "/v1/users/" + userId + "/escalation",
            "/v1/me/progress",
            "/v1/me/escalation"
        }) {
            HttpResponse<String> response = client.get(path, null);
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        }
    }

    @Test
    void invalidOrExpiredTokensAre401() {
        server.lookup.activeHere(userId, state(userId));
        String otherSecret =
                DevTokens.mint("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8), userId, false);
        String expired = DevTokens.mint(SECRET, userId, false, Instant.now().minusSeconds(3600));

        assertProblem(client.get("/v1/me/progress", "not-a-jwt"), 401);
        assertProblem(client.get("/v1/me/progress", otherSecret), 401);
        assertProblem(client.get("/v1/me/progress", expired), 401);
    }

    @Test
    void readingAnotherUserWithoutTheClinicianScopeIs403WhetherOrNotTheyExist() {
        server.lookup.activeHere(otherUserId, state(otherUserId));

        assertProblem(client.get("/v1/users/" + otherUserId + "/progress", token()), 403);
        assertProblem(client.get("/v1/users/" + otherUserId + "/escalation", token()), 403);
        assertProblem(client.get("/v1/users/u-nobody/progress", token()), 403);
    }

    @Test
    void clinicianReadsAnyone() {
        server.lookup.activeHere(otherUserId, state(otherUserId));

        HttpResponse<String> response = client.get("/v1/users/" + otherUserId + "/progress?days=2", clinicianToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("userId").asText()).isEqualTo(otherUserId);
    }

    @Test
    void unknownUserIs404WithoutNamingThem() {
        server.lookup.activeHere(otherUserId, null);
        server.lookup.activeHere(userId, null);

        HttpResponse<String> clinician = client.get("/v1/users/" + otherUserId + "/progress", clinicianToken());
        HttpResponse<String> self = client.get("/v1/me/escalation", token());

        assertProblem(clinician, 404);
        assertThat(clinician.body()).doesNotContain(otherUserId);
        assertProblem(self, 404);
    }

    @Test
    void overlongUserIdIsUnknown() {
        assertProblem(client.get("/v1/users/" + "x".repeat(129) + "/escalation", clinicianToken()), 404);
    }

    @Test
    void whileMetadataIsUnknownQueriesAre503WithRetryAfter() {
        HttpResponse<String> response = client.get("/v1/me/progress", token());

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void readinessFollowsItsCheckAndLivenessItsOwn() {
        assertThat(client.get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(client.get("/health/live", null).statusCode()).isEqualTo(200);

        server.ready.set(false);
        HttpResponse<String> notReady = client.get("/health/ready", null);
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
        assertThat(client.get("/health/live", null).statusCode()).isEqualTo(200);

        server.alive.set(false);
        assertThat(client.get("/health/live", null).statusCode()).isEqualTo(503);
    }

    @Test
    void metricsAreScrapableAndKeyRequestsByRouteNotByUser() {
        server.lookup.activeHere(userId, state(userId));
        assertThat(client.get("/v1/users/" + userId + "/progress", token()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> metrics = client.get("/metrics", null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("http_server_requests_seconds")
                .contains("uri=\"/v1/users/{userId}/progress\"")
                .doesNotContain(userId);
    }
}
