package dev.reflect.streams.app;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Topics;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.query.Forwarding;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.state.StateStores;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one application: each answers for every user, fetching what the other holds;
 * with one stopped, the survivor answers its users from its standby replica; restarted, both
 * answer again.
 */
@WithKafka
class TwoInstancesIT {

    private static final byte[] SECRET = "two-instances-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final int USERS_PER_INSTANCE = 3;
    /**
     * How long a stopped instance stays in the group (Kafka's default is 45 s). Its partitions wait
     * for it that long, answered from standbys meanwhile; shorter here so the restart is quick.
     */
    private static final Map<String, String> SESSION_TIMEOUT = Map.of("REFLECT_KAFKA_SESSION_TIMEOUT_MS", "15000");

    KafkaCluster kafka;

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    private final String applicationId = "reflect-it-" + UUID.randomUUID();
    private final List<StreamsApp> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(StreamsApp::stop);
    }

    private StreamsApp start(Path stateDir) {
        StreamsApp app = StreamsApp.create(
                StreamsApps.config(kafka.bootstrapServers(), SESSION_TIMEOUT, SECRET, applicationId, stateDir));
        started.add(app);
        return app.start();
    }

    private static boolean hasActiveAndStandbyTasks(StreamsApp app) {
        KafkaStreams streams = app.kafkaStreams();
        return app.state() == KafkaStreams.State.RUNNING
                && streams.metadataForLocalThreads().stream()
                                .mapToLong(thread -> thread.activeTasks().size())
                                .sum()
                        > 0
                && streams.metadataForLocalThreads().stream()
                                .mapToLong(thread -> thread.standbyTasks().size())
                                .sum()
                        > 0;
    }

    private static HostInfo activeHost(StreamsApp app, String userId) {
        return app.kafkaStreams()
                .queryMetadataForKey(
                        StateStores.USER_STATE, userId, Serdes.String().serializer())
                .activeHost();
    }

    /** User ids of which each instance holds {@link #USERS_PER_INSTANCE} as active, with their expected reassurance asks. */
    private static Map<String, Integer> usersSpreadOver(StreamsApp a, StreamsApp b) {
        Map<String, Integer> users = new LinkedHashMap<>();
        int onA = 0;
        int onB = 0;
        while (onA < USERS_PER_INSTANCE || onB < USERS_PER_INSTANCE) {
            String userId = "u-" + UUID.randomUUID();
            HostInfo owner = activeHost(a, userId);
            if (owner.equals(a.applicationServer()) && onA < USERS_PER_INSTANCE) {
                onA++;
            } else if (owner.equals(b.applicationServer()) && onB < USERS_PER_INSTANCE) {
                onB++;
            } else {
                continue;
            }
            users.put(userId, users.size() + 1);
        }
        return users;
    }

    private void assertAnswersEveryone(StreamsApp app, Map<String, Integer> users, String... headers) {
        QueryClient client = new QueryClient(app.port());
        users.forEach((userId, asks) -> {
            HttpResponse<String> response =
                    client.get("/v1/users/" + userId + "/progress?days=1", tokenOf(userId), headers);
            assertThat(response.statusCode()).as("progress status").isEqualTo(200);
            assertThat(json(response).path("userId").asText()).isEqualTo(userId);
            assertThat(json(response)
                            .path("days")
                            .get(0)
                            .path("reassuranceAsks")
                            .asInt())
                    .isEqualTo(asks);
        });
    }

    @Test
    void everyInstanceAnswersEveryUserAndStandbysKeepAnsweringWhileOneIsDown() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        StreamsApp a = start(stateDirA);
        StreamsApp b = start(stateDirB);
        await("both instances hold active and standby tasks")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> hasActiveAndStandbyTasks(a)
                        && hasActiveAndStandbyTasks(b)
                        && a.kafkaStreams().metadataForAllStreamsClients().size() == 2
                        && b.kafkaStreams().metadataForAllStreamsClients().size() == 2);

        Map<String, Integer> users = usersSpreadOver(a, b);
        List<String> usersOfB = users.keySet().stream()
                .filter(userId -> activeHost(a, userId).equals(b.applicationServer()))
                .toList();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        List<CheckIn> checkIns = new ArrayList<>();
        users.forEach((userId, asks) -> checkIns.add(checkIn(userId, day)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, asks)
                .build()));
        TestInput.checkIns(kafka.bootstrapServers(), checkIns);

        await("both instances answer for every user")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertAnswersEveryone(a, users);
                    assertAnswersEveryone(b, users);
                });
        // The forwarded form reads only local copies: A answering it for B's users proves its standby is current.
        await("A's standby copies caught up")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertAnswersEveryone(a, users, Forwarding.FORWARDED_HEADER, "1"));

        b.stop();

        // B stays in the group until its session times out, so A still finds B named as the owner
        // of B's users, cannot reach it, and answers them from its standby replicas (within the
        // 15 s, which these few local requests take a fraction of).
        QueryClient clientOfA = new QueryClient(a.port());
        assertAnswersEveryone(a, users);
        assertThat(usersOfB)
                .hasSize(USERS_PER_INSTANCE)
                .allSatisfy(userId -> assertThat(clientOfA
                                .get("/v1/users/" + userId + "/escalation", tokenOf(userId))
                                .headers()
                                .firstValue(Forwarding.REPLICA_HEADER))
                        .hasValue("standby"));

        StreamsApp restarted = start(stateDirB);
        await("the restarted instance answers for every user")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(restarted.state()).isEqualTo(KafkaStreams.State.RUNNING);
                    assertAnswersEveryone(restarted, users);
                    assertAnswersEveryone(a, users);
                });
    }

    /** The person's own token: only they, or a clinician they share with, may read their figures. */
    private static String tokenOf(String userId) {
        return DevTokens.mint(SECRET, userId, false);
    }
}
