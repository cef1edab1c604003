package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.service.auth.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The repository's docker-compose.yml brought up for real: images built from the Dockerfiles,
 * Kafka, the topics, the ingest service and both streams instances. A check-in submitted through
 * the ingest API is read back through each streams instance, so one of them answers for a user
 * whose state the other holds.
 *
 * <p>Needs a Docker engine and the compose plugin; without them it is skipped. The first run
 * builds both images (Maven downloads inside the build), which takes minutes.
 */
class FullStackComposeIT {

    /** The {@code REFLECT_PUBLISH_<NAME>_PORT} variables of the compose file, each moved to a free port. */
    static final List<String> PUBLISHED_PORTS =
            List.of("INGEST", "QUERY_1", "QUERY_2", "WEB", "KAFKA", "PROMETHEUS", "ALERTMANAGER", "GRAFANA");

    private static final Duration STARTUP = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Integer> hostPorts = new HashMap<>();
    private ComposeContainer stack;
    private String jwtSecret;

    @BeforeEach
    void startTheStack() {
        assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine here: the compose stack cannot run (ComposeFileTest checks it structurally)");
        assumeTrue(composeAvailable(), "No 'docker compose' plugin here: the compose stack cannot run");

        jwtSecret = randomSecret();
        Map<String, String> environment = new HashMap<>();
        environment.put("REFLECT_JWT_SECRET", jwtSecret);
        environment.put("REFLECT_PSEUDONYM_SECRET", randomSecret());
        environment.put("REFLECT_KEK", KeyEncryptionKey.generateJson());
        environment.put("REFLECT_GRAFANA_ADMIN_PASSWORD", randomSecret());
        // Free host ports instead of the defaults, which a developer's ./reflect run may hold.
        for (String port : PUBLISHED_PORTS) {
            int free = freePort();
            hostPorts.put(port, free);
            environment.put(publishVariable(port), Integer.toString(free));
        }

        // Instance names are <service>-<n>: the service streams-1's first container is streams-1-1.
        stack = new ComposeContainer(
                        Repository.root().resolve(ComposeStack.COMPOSE_FILE).toFile())
                .withEnv(environment)
                .withBuild(true)
                .withRemoveVolumes(true)
                .waitingFor("producer-1", Wait.forHealthcheck().withStartupTimeout(STARTUP))
                .waitingFor("streams-1-1", Wait.forHealthcheck().withStartupTimeout(STARTUP))
                .waitingFor("streams-2-1", Wait.forHealthcheck().withStartupTimeout(STARTUP))
                .withStartupTimeout(STARTUP);
        stack.start();
    }

    @AfterEach
    void stopTheStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void aCheckInSubmittedThroughIngestIsReadBackThroughEitherStreamsInstance() throws Exception {
        String userId = "compose-" + UUID.randomUUID();
        String token = DevTokens.mint(jwtSecret.getBytes(StandardCharsets.UTF_8), userId, false);
        String checkIn = JSON.writeValueAsString(Map.of(
                "eventId",
                UUID.randomUUID().toString(),
                "occurredAt",
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString(),
                "context",
                "ROMANTIC",
                "distress",
                6,
                "triggers",
                new Object[] {Map.of("category", "PARTNER_UNRESPONSIVE", "tiedToPast", true)},
                "behaviors",
                new Object[] {Map.of("type", "SOUGHT_REASSURANCE", "count", 2)},
                "coping",
                new Object[] {"CHALLENGED_THOUGHT"}));

        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(url("INGEST", "/v1/check-ins"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(checkIn))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        // Whichever instance holds the user's partition, the other one has to forward to it.
        for (String instance : new String[] {"QUERY_1", "QUERY_2"}) {
            Awaitility.await(instance)
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        HttpResponse<String> progress = HTTP.send(
                                HttpRequest.newBuilder(url(instance, "/v1/me/progress"))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Authorization", "Bearer " + token)
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(progress.statusCode()).as(progress.body()).isEqualTo(200);
                        JsonNode body = JSON.readTree(progress.body());
                        assertThat(body.path("userId").asText()).isEqualTo(userId);
                        assertThat(body.path("window7d").path("checkIns").asInt())
                                .isEqualTo(1);
                        assertThat(body.path("window7d").path("reassuranceAsks").asInt())
                                .isEqualTo(2);
                    });
        }
    }

    private URI url(String port, String path) {
        return URI.create("http://127.0.0.1:" + hostPorts.get(port) + path);
    }

    static String publishVariable(String port) {
        return "REFLECT_PUBLISH_" + port + "_PORT";
    }

    private static boolean composeAvailable() {
        try {
            Process process = new ProcessBuilder("docker", "compose", "version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
