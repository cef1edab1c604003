package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.BehaviorType;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.state.UserState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two query servers in-process: forwarding to the owner over real HTTP, standby fall-back, no loops. */
class ForwardingHttpTest {

    private static final byte[] SECRET = "forwarding-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    private final QueryServer a = new QueryServer(SECRET);
    private final QueryServer b = new QueryServer(SECRET);
    private final QueryClient clientOfA = new QueryClient(a.port());

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private UserState stateWithAsks(int asks) {
        UserState state = UserState.empty();
        state.add(checkIn(userId, DAY)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, asks)
                .build());
        return state;
    }

    @Test
    void aKeyHeldByAnotherInstanceIsFetchedFromItWithTheCallersToken() {
        a.lookup.activeElsewhere(userId, b.address(), null);
        b.lookup.activeHere(userId, stateWithAsks(5));

        HttpResponse<String> response = clientOfA.get("/v1/users/" + userId + "/progress?days=3", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue(Forwarding.REPLICA_HEADER)).hasValue("active");
        assertThat(json(response).path("days")).hasSize(3);
        assertThat(json(response).path("window7d").path("reassuranceAsks").asInt())
                .isEqualTo(5);
        assertThat(a.forwardsSent).hasValue(1);
        assertThat(b.forwardsSent).hasValue(0);
    }

    @Test
    void userIdsThatNeedEncodingSurviveTheForward() {
        String oddUserId = "u " + UUID.randomUUID() + "/é+?";
        String oddToken = DevTokens.mint(SECRET, oddUserId, false);
        a.lookup.activeElsewhere(oddUserId, b.address(), null);
        UserState state = UserState.empty();
        state.add(checkIn(oddUserId, DAY)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                .build());
        b.lookup.activeHere(oddUserId, state);

        HttpResponse<String> response = clientOfA.get("/v1/me/progress?days=1", oddToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("userId").asText()).isEqualTo(oddUserId);
    }

    @Test
    void meAliasIsForwardedForTheSubject() {
        a.lookup.activeElsewhere(userId, b.address(), null);
        b.lookup.activeHere(userId, stateWithAsks(2));

        HttpResponse<String> response = clientOfA.get("/v1/me/escalation", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("observed").path("reassuranceAsks7d").asInt())
                .isEqualTo(2);
    }

    @Test
    void theOwnersNotFoundIsPassedOn() {
        a.lookup.activeElsewhere(userId, b.address(), null);
        b.lookup.activeHere(userId, null);

        HttpResponse<String> response = clientOfA.get("/v1/me/progress", token);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void instancesThatEachThinkTheOtherOwnsTheKeyDoNotLoop() {
        a.lookup.activeElsewhere(userId, b.address(), null);
        b.lookup.activeElsewhere(userId, a.address(), null);

        HttpResponse<String> response = clientOfA.get("/v1/me/progress", token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(a.forwardsSent).hasValue(1);
        assertThat(b.forwardsSent).hasValue(0);
    }

    @Test
    void whenTheOwnerIsDownTheStandbyCopyHereAnswers() {
        a.lookup.activeElsewhere(userId, b.address(), stateWithAsks(7), a.address());
        b.close();

        HttpResponse<String> response = clientOfA.get("/v1/me/progress", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Forwarding.REPLICA_HEADER)).hasValue("standby");
        assertThat(json(response).path("window7d").path("reassuranceAsks").asInt())
                .isEqualTo(7);
    }

    @Test
    void whenTheOwnerIsDownARemoteStandbyAnswers() {
        QueryServer owner = new QueryServer(SECRET);
        HttpResponse<String> response;
        try {
            a.lookup.activeElsewhere(userId, owner.address(), null, b.address());
            b.lookup.activeElsewhere(userId, owner.address(), stateWithAsks(6), b.address());
        } finally {
            owner.close();
        }

        response = clientOfA.get("/v1/me/progress", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Forwarding.REPLICA_HEADER)).hasValue("standby");
        assertThat(json(response).path("window7d").path("reassuranceAsks").asInt())
                .isEqualTo(6);
        assertThat(b.forwardsSent).hasValue(0);
    }

    @Test
    void aClientSettingTheMarkerOnlyLosesTheForwarding() {
        a.lookup.activeElsewhere(userId, b.address(), null);
        b.lookup.activeHere(userId, stateWithAsks(1));

        HttpResponse<String> marked = clientOfA.get("/v1/me/progress", token, Forwarding.FORWARDED_HEADER, "1");
        HttpResponse<String> unauthenticated = new QueryClient(b.port())
                .get("/v1/users/" + userId + "/progress", null, Forwarding.FORWARDED_HEADER, "1");
        String otherUsersToken = DevTokens.mint(SECRET, "u-" + UUID.randomUUID(), false);
        HttpResponse<String> someoneElse = new QueryClient(b.port())
                .get("/v1/users/" + userId + "/progress", otherUsersToken, Forwarding.FORWARDED_HEADER, "1");

        assertThat(marked.statusCode()).isEqualTo(503);
        assertThat(a.forwardsSent).hasValue(0);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(someoneElse.statusCode()).isEqualTo(403);
    }
}
