package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.AuditRecord;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.MeasureChange;
import dev.reflect.events.SharingChange;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.measures.MeasureSummary;
import dev.reflect.streams.state.CaseloadEntry;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.WindowTotals;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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

    private static SharingState sharingWith(String userId, String... clinicians) {
        SharingState sharing = SharingState.none();
        for (String clinician : clinicians) {
            Instant now = Instant.now();
            sharing = sharing.apply(
                            new SharingChange(
                                    UUID.randomUUID(),
                                    now.atOffset(ZoneOffset.UTC),
                                    clinician,
                                    SharingChange.Action.GRANT,
                                    userId,
                                    now),
                            0)
                    .state();
        }
        return sharing;
    }

    private static String clinicianToken(String clinicianId) {
        return DevTokens.mint(SECRET, clinicianId, true);
    }

    @Test
    void aClinicianReadsOnlyThePeopleWhoShareWithThemAndEveryReadIsAudited() {
        server.lookup.sharing(otherUserId, sharingWith(otherUserId, "c-shared"));
        server.lookup.activeHere(otherUserId, state(otherUserId));

        HttpResponse<String> shared =
                client.get("/v1/users/" + otherUserId + "/progress?days=2", clinicianToken("c-shared"));
        HttpResponse<String> notShared =
                client.get("/v1/users/" + otherUserId + "/escalation", clinicianToken("c-other"));
        HttpResponse<String> anotherPerson = client.get("/v1/users/" + otherUserId + "/entries", token());

        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(json(shared).path("userId").asText()).isEqualTo(otherUserId);
        assertProblem(notShared, 403);
        assertProblem(anotherPerson, 403);
        assertThat(server.care.audited)
                .extracting(AuditRecord::readerId, AuditRecord::userId, AuditRecord::what, AuditRecord::outcome)
                .containsExactlyInAnyOrder(
                        tuple("c-shared", otherUserId, "progress", AuditRecord.ALLOWED),
                        tuple("c-other", otherUserId, "escalation", AuditRecord.DENIED),
                        tuple(userId, otherUserId, "entries", AuditRecord.DENIED));
    }

    @Test
    void aPersonsOwnReadsAreNotAudited() {
        server.lookup.activeHere(userId, state(userId));

        assertThat(client.get("/v1/me/progress", token()).statusCode()).isEqualTo(200);
        assertThat(client.get("/v1/users/" + userId + "/escalation", token()).statusCode())
                .isEqualTo(200);
        assertThat(server.care.audited).isEmpty();
    }

    @Test
    void whetherSomeoneExistsNeverLeaksToAClinicianTheyDoNotShareWith() {
        server.lookup.activeHere(otherUserId, state(otherUserId));
        server.lookup.activeHere(userId, null);
        String nobody = "u-" + UUID.randomUUID();
        server.lookup.activeHere(nobody, null);

        HttpResponse<String> existing = client.get("/v1/users/" + otherUserId + "/progress", clinicianToken("c-1"));
        HttpResponse<String> missing = client.get("/v1/users/" + nobody + "/progress", clinicianToken("c-1"));
        HttpResponse<String> self = client.get("/v1/me/escalation", token());

        assertProblem(existing, 403);
        assertProblem(missing, 403);
        assertThat(json(missing).path("detail").asText())
                .isEqualTo(json(existing).path("detail").asText());
        assertThat(missing.body()).doesNotContain(nobody);
        assertProblem(self, 404);
    }

    @Test
    void aPersonWhoSharesButHasNoDataYetIs404ForTheirClinician() {
        server.lookup.sharing(otherUserId, sharingWith(otherUserId, "c-1"));
        server.lookup.activeHere(otherUserId, null);

        assertProblem(client.get("/v1/users/" + otherUserId + "/progress", clinicianToken("c-1")), 404);
        assertThat(server.care.audited).extracting(AuditRecord::outcome).containsExactly(AuditRecord.NOT_FOUND);
    }

    @Test
    void anIdNoPersonCanHaveIsRefusedToAClinician() {
        assertProblem(client.get("/v1/users/" + "x".repeat(129) + "/escalation", clinicianToken("c-1")), 403);
    }

    @Test
    void aReadWhoseAuditRecordCannotBeWrittenIsNotAnswered() {
        server.lookup.sharing(otherUserId, sharingWith(otherUserId, "c-1"));
        server.lookup.activeHere(otherUserId, state(otherUserId));
        server.lookup.activeHere(userId, state(userId));
        server.care.failing.set(true);

        HttpResponse<String> clinician = client.get("/v1/users/" + otherUserId + "/progress", clinicianToken("c-1"));

        assertProblem(clinician, 503);
        assertThat(clinician.body()).doesNotContain("distress");
        assertThat(client.get("/v1/me/progress", token()).statusCode())
                .as("a person's own reads need no audit record")
                .isEqualTo(200);
    }

    @Test
    void theCaseloadIsForCliniciansOnlyAndListsTheMostUrgentFirst() {
        Instant since = Instant.parse("2026-11-01T10:00:00Z");
        WindowTotals quiet = new WindowTotals(3, 2, 1, 0, 0, 2, 12, 0, 0);
        MeasureSummary worse = new MeasureSummary(
                Instrument.GAD7,
                16,
                Gad7Band.SEVERE,
                OffsetDateTime.of(DAY.atTime(9, 0), ZoneOffset.UTC),
                7,
                Gad7Band.MILD,
                OffsetDateTime.of(DAY.minusDays(28).atTime(9, 0), ZoneOffset.UTC),
                MeasureChange.RELIABLE_DETERIORATION,
                9,
                3);
        server.lookup.caseload(
                "c-1",
                List.of(
                        new CaseloadEntry(
                                "u-steady", EscalationLevel.STEADY, DAY, null, DAY, DAY, quiet, 0, since, Map.of()),
                        new CaseloadEntry(
                                "u-severe",
                                EscalationLevel.SEVERE,
                                DAY.minusDays(3),
                                "controlling_behaviour",
                                DAY,
                                DAY,
                                quiet,
                                1,
                                since,
                                Map.of(Instrument.GAD7, worse)),
                        new CaseloadEntry(
                                "u-elevated-news",
                                EscalationLevel.ELEVATED,
                                DAY.minusDays(1),
                                "reassurance_doubled",
                                DAY,
                                DAY,
                                quiet,
                                2,
                                since,
                                Map.of()),
                        new CaseloadEntry(
                                "u-elevated-old",
                                EscalationLevel.ELEVATED,
                                DAY.minusDays(9),
                                "reassurance_doubled",
                                DAY,
                                DAY,
                                quiet,
                                0,
                                since,
                                null)));

        assertProblem(client.get("/v1/caseload", token()), 403);
        HttpResponse<String> caseload = client.get("/v1/caseload", clinicianToken("c-1"));

        assertThat(caseload.statusCode()).isEqualTo(200);
        JsonNode people = json(caseload).path("people");
        assertThat(people.findValuesAsText("userId"))
                .containsExactly("u-severe", "u-elevated-news", "u-elevated-old", "u-steady");
        JsonNode severe = people.get(0);
        assertThat(severe.path("level").asText()).isEqualTo("SEVERE");
        assertThat(severe.path("rule").asText()).isEqualTo("controlling_behaviour");
        assertThat(severe.path("unseenAlerts").asInt()).isEqualTo(1);
        assertThat(severe.path("window7d").path("copingRatio").asDouble()).isEqualTo(1.0);
        assertThat(severe.path("window7d").path("distressAvg").asDouble()).isEqualTo(4.0);
        assertThat(severe.path("lastCheckInDay").asText()).isEqualTo(DAY.toString());
        JsonNode gad7 = severe.path("measures").path("GAD7");
        assertThat(gad7.path("latestScore").asInt()).isEqualTo(16);
        assertThat(gad7.path("band").asText()).isEqualTo("severe");
        assertThat(gad7.path("firstScore").asInt()).isEqualTo(7);
        assertThat(gad7.path("change").asText()).isEqualTo("reliable_deterioration");
        assertThat(people.get(2).path("measures").isObject())
                .as("a person who never answered, in a row from before measures were kept, has {}")
                .isTrue();
        assertThat(people.get(2).path("measures").size()).isZero();
        assertThat(server.care.audited)
                .extracting(AuditRecord::userId)
                .containsExactlyInAnyOrder("u-severe", "u-elevated-news", "u-elevated-old", "u-steady");
        assertThat(server.care.audited)
                .allSatisfy(read -> assertThat(read.what()).isEqualTo("caseload"));
    }

    @Test
    void aClinicianMarksTheAlertsSeenOfOnlyThePeopleWhoShareWithThem() {
        server.lookup.sharing(otherUserId, sharingWith(otherUserId, "c-1"));
        server.lookup.activeHere(otherUserId, state(otherUserId));

        HttpResponse<String> seen = client.post("/v1/caseload/" + otherUserId + "/alerts/seen", clinicianToken("c-1"));
        HttpResponse<String> notShared =
                client.post("/v1/caseload/" + otherUserId + "/alerts/seen", clinicianToken("c-2"));
        HttpResponse<String> notAClinician = client.post("/v1/caseload/" + otherUserId + "/alerts/seen", token());

        assertThat(seen.statusCode()).isEqualTo(204);
        assertProblem(notShared, 403);
        assertProblem(notAClinician, 403);
        assertThat(server.care.seen).containsExactly(new RecordingCareRecords.Seen(otherUserId, "c-1"));
    }

    @Test
    void aPersonSeesWhomTheyShareWithAndNobodyElseDoes() {
        server.lookup.sharing(userId, sharingWith(userId, "c-2", "c-1"));
        server.lookup.activeHere(userId, state(userId));

        HttpResponse<String> mine = client.get("/v1/me/sharing", token());

        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine).path("sharingWith").findValuesAsText("clinicianId"))
                .containsExactly("c-1", "c-2");
        assertThat(json(mine).path("sharingWith").get(0).path("since").asText()).isNotBlank();
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
