package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.Json;
import dev.reflect.service.auth.Principal;
import dev.reflect.service.http.NotFoundException;
import dev.reflect.service.http.ProblemException;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.export.ExportDocument;
import dev.reflect.streams.progress.EscalationView;
import dev.reflect.streams.progress.Progress;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.UserState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Which copy answers, in the order the class comment of {@link UserQueries} gives. */
class UserQueriesTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8081);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8081);
    private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8081);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final String USER = "u-queries";
    private static final String AUTHORIZATION = "Bearer token";

    private final FakeUserStateLookup lookup = new FakeUserStateLookup(SELF);
    private final FakePeers peers = new FakePeers();
    private final RecordingCareRecords care = new RecordingCareRecords();
    private final UserQueries queries = new UserQueries(
            lookup, peers, new ProgressCalculator(EscalationThresholds.defaults()), care, java.time.Clock.systemUTC());

    private static UserState stateWithAsks(int asks) {
        UserState state = UserState.empty();
        state.add(checkIn(USER, DAY)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, asks)
                .build());
        return state;
    }

    private QueryAnswer answer(UserQuery query, boolean forwarded) {
        return queries.answer(query, AUTHORIZATION, forwarded).join();
    }

    private ProblemException failure(UserQuery query, boolean forwarded) {
        Throwable thrown = catchThrowable(
                () -> queries.answer(query, AUTHORIZATION, forwarded).join());
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProblemException.class);
        return (ProblemException) thrown.getCause();
    }

    private static String body(QueryAnswer answer) {
        assertThat(answer).isInstanceOf(QueryAnswer.Relayed.class);
        return new String(((QueryAnswer.Relayed) answer).response().body(), StandardCharsets.UTF_8);
    }

    @Test
    void activeCopyHereAnswersProgressWithoutAskingAnyone() {
        lookup.activeHere(USER, stateWithAsks(3), OTHER);

        QueryAnswer answer = answer(UserQuery.progress(USER, 7), false);

        assertThat(answer).isInstanceOf(QueryAnswer.Computed.class);
        QueryAnswer.Computed computed = (QueryAnswer.Computed) answer;
        assertThat(computed.fromStandby()).isFalse();
        Progress progress = (Progress) computed.body();
        assertThat(progress.userId()).isEqualTo(USER);
        assertThat(progress.days()).hasSize(7);
        assertThat(progress.days().get(6).reassuranceAsks()).isEqualTo(3);
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void anExportTakesTheAccessLogFromTheInstanceHoldingItWithTheCallersToken() throws IOException {
        lookup.activeHere(USER, stateWithAsks(2)).accessLogsAt(OTHER);
        peers.answers(OTHER, 200, """
                {"reads":[{"readerId":"c-1","what":"entries","outcome":"allowed","day":"2026-11-26",
                           "count":3,"lastAt":"2026-11-26T10:00:00Z"}]}""");

        QueryAnswer answer = answer(UserQuery.export(new Principal(USER, false)), false);

        assertThat(answer).isInstanceOf(QueryAnswer.Computed.class);
        assertThat(((QueryAnswer.Computed) answer).body()).isInstanceOf(ExportDocument.class);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ((ExportDocument) ((QueryAnswer.Computed) answer).body()).writeTo(written);
        JsonNode document = Json.mapper().readTree(written.toByteArray());
        assertThat(document.path("userId").asText()).isEqualTo(USER);
        assertThat(document.path("days").get(0).path("reassuranceAsks").asInt()).isEqualTo(2);
        assertThat(document.path("accessLog").get(0).path("readerId").asText()).isEqualTo("c-1");
        assertThat(document.path("accessLog").get(0).path("count").asInt()).isEqualTo(3);
        assertThat(peers.calls()).singleElement().satisfies(call -> {
            assertThat(call.query().kind()).isEqualTo(UserQuery.Kind.ACCESS_LOG);
            assertThat(call.authorization()).isEqualTo(AUTHORIZATION);
        });
        assertThat(care.audited).as("the person's own read is not audited").isEmpty();
    }

    @Test
    void anExportWhoseAccessLogCannotBeReadIsA503NotAnExportWithoutIt() {
        lookup.activeHere(USER, stateWithAsks(2)).accessLogsAt(OTHER);
        peers.answers(OTHER, 503, "{\"status\":503}");

        assertThat(failure(UserQuery.export(new Principal(USER, false)), false))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void anExportOfSomeoneWithNothingHeldIs404() {
        lookup.othersAbsentHere();

        assertThat(failure(UserQuery.export(new Principal(USER, false)), false)).isInstanceOf(NotFoundException.class);
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void escalationQueryAnswersTheEscalationView() {
        lookup.activeHere(USER, stateWithAsks(6));

        QueryAnswer.Computed computed = (QueryAnswer.Computed) answer(UserQuery.escalation(USER), false);

        assertThat(computed.body()).isInstanceOf(EscalationView.class);
    }

    @Test
    void activeCopyWithoutTheUserMeansNotFound() {
        lookup.activeHere(USER, null, OTHER);

        assertThat(failure(UserQuery.progress(USER, 28), false)).isInstanceOf(NotFoundException.class);
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void unknownMetadataMeansRetryLaterNotNotFound() {
        ProblemException problem = failure(UserQuery.progress(USER, 28), false);

        assertThat(problem).isInstanceOf(ServiceUnavailableException.class);
        assertThat(problem.headers()).containsEntry("Retry-After", "2");
    }

    @Test
    void activeCopyElsewhereIsFetchedFromItsHostWithTheCallersToken() {
        lookup.activeElsewhere(USER, OTHER, null);
        peers.answers(OTHER, 200, "{\"from\":\"other\"}");

        QueryAnswer answer = answer(UserQuery.progress(USER, 14), false);

        assertThat(body(answer)).isEqualTo("{\"from\":\"other\"}");
        assertThat(peers.calls())
                .containsExactly(new FakePeers.Call(OTHER, UserQuery.progress(USER, 14), AUTHORIZATION));
    }

    @Test
    void notFoundFromTheActiveHostIsPassedOn() {
        lookup.activeElsewhere(USER, OTHER, stateWithAsks(1), OTHER);
        peers.answers(OTHER, 404, "{\"status\":404}");

        QueryAnswer.Relayed relayed = (QueryAnswer.Relayed) answer(UserQuery.escalation(USER), false);

        assertThat(relayed.response().status()).isEqualTo(404);
    }

    @Test
    void unreachableActiveHostFallsBackToTheStandbyCopyHere() {
        lookup.activeElsewhere(USER, OTHER, stateWithAsks(4), SELF);

        QueryAnswer answer = answer(UserQuery.progress(USER, 28), false);

        assertThat(answer).isInstanceOf(QueryAnswer.Computed.class);
        assertThat(((QueryAnswer.Computed) answer).fromStandby()).isTrue();
        assertThat(((Progress) ((QueryAnswer.Computed) answer).body())
                        .window7d()
                        .reassuranceAsks())
                .isEqualTo(4);
        assertThat(peers.calls()).extracting(FakePeers.Call::host).containsExactly(OTHER);
    }

    @Test
    void activeHostAnswering503FallsBackToARemoteStandby() {
        lookup.activeElsewhere(USER, OTHER, null, THIRD);
        peers.answers(OTHER, 503, "{\"status\":503}").answers(THIRD, 200, "{\"from\":\"standby\"}");

        QueryAnswer answer = answer(UserQuery.progress(USER, 28), false);

        assertThat(body(answer)).isEqualTo("{\"from\":\"standby\"}");
        assertThat(peers.calls()).extracting(FakePeers.Call::host).containsExactly(OTHER, THIRD);
    }

    @Test
    void restoringActiveCopyHereFallsBackToARemoteStandby() {
        lookup.unavailableHere(USER, OTHER);
        peers.answers(OTHER, 200, "{\"from\":\"standby\"}");

        assertThat(body(answer(UserQuery.escalation(USER), false))).isEqualTo("{\"from\":\"standby\"}");
    }

    @Test
    void noCopyAnsweringMeansRetryLater() {
        lookup.activeElsewhere(USER, OTHER, null, THIRD);

        assertThat(failure(UserQuery.progress(USER, 28), false)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(peers.calls()).extracting(FakePeers.Call::host).containsExactly(OTHER, THIRD);
    }

    @Test
    void aStandbyCopyWithoutTheUserIsNoProofTheUserIsUnknown() {
        lookup.activeElsewhere(USER, OTHER, UserState.empty(), SELF);

        assertThat(failure(UserQuery.progress(USER, 28), false)).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void forwardedQueryIsAnsweredFromTheActiveCopyHere() {
        lookup.activeHere(USER, stateWithAsks(2), OTHER);

        QueryAnswer.Computed computed = (QueryAnswer.Computed) answer(UserQuery.progress(USER, 28), true);

        assertThat(computed.fromStandby()).isFalse();
    }

    @Test
    void forwardedQueryIsAnsweredFromAStandbyCopyHere() {
        lookup.activeElsewhere(USER, OTHER, stateWithAsks(2), SELF);

        QueryAnswer.Computed computed = (QueryAnswer.Computed) answer(UserQuery.progress(USER, 28), true);

        assertThat(computed.fromStandby()).isTrue();
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void forwardedQueryIsNeverForwardedAgain() {
        lookup.activeElsewhere(USER, OTHER, null, THIRD);
        peers.answers(OTHER, 200, "{}").answers(THIRD, 200, "{}");

        assertThat(failure(UserQuery.progress(USER, 28), true)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void forwardedQueryForAnAbsentUserOnTheActiveCopyIsNotFound() {
        lookup.activeHere(USER, null);

        assertThat(failure(UserQuery.escalation(USER), true)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void forwardedQueryWhileTheActiveCopyHereRestoresIsRetryLater() {
        lookup.unavailableHere(USER, OTHER);

        assertThat(failure(UserQuery.escalation(USER), true)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(peers.calls()).isEmpty();
    }

    @Test
    void problemDetailsNeverNameTheUser() {
        lookup.activeHere(USER, null);

        assertThat(failure(UserQuery.progress(USER, 28), false).detail()).doesNotContain(USER);
        assertThat(failure(UserQuery.progress("u-unknown", 28), false).detail()).doesNotContain("u-unknown");
    }
}
