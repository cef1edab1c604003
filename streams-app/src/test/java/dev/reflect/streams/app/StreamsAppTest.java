package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.query.QueryClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's lifecycle without a broker: it starts, says it is not ready, answers 503, and stops. */
class StreamsAppTest {

    private static final byte[] SECRET = "streams-app-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path stateDir;

    /** Start-up's wait for a cluster that is not there, shortened: the production 30 s proves nothing here. */
    private static final Duration NO_CLUSTER_WAIT = Duration.ofSeconds(2);

    private StreamsAppConfig config() {
        // Nothing listens on port 1: Streams keeps trying to reach Kafka in the background.
        return StreamsApps.config("127.0.0.1:1", SECRET, "reflect-test-" + UUID.randomUUID(), stateDir);
    }

    @Test
    void beforeStreamsRunsTheQueryApiAnswersButIsNotReady() {
        StreamsApp app =
                StreamsApp.create(config()).withStartupWait(NO_CLUSTER_WAIT).start();
        try {
            QueryClient client = new QueryClient(app.port());
            String token = DevTokens.mint(SECRET, "u-" + UUID.randomUUID(), false);

            assertThat(app.port()).isPositive();
            assertThat(app.applicationServer()).isEqualTo(new HostInfo("127.0.0.1", app.port()));
            assertThat(app.state()).isNotEqualTo(KafkaStreams.State.RUNNING);
            assertThat(client.get("/health/live", null).statusCode()).isEqualTo(200);
            assertThat(client.get("/health/ready", null).statusCode()).isEqualTo(503);
            HttpResponse<String> query = client.get("/v1/me/progress", token);
            assertThat(query.statusCode()).isEqualTo(503);
            assertThat(query.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(query).path("type").asText()).isEqualTo("urn:reflect:problem:unavailable");
            assertThat(client.get("/v1/me/progress", null).statusCode()).isEqualTo(401);
        } finally {
            app.stop();
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        app.stop();
    }

    @Test
    void startsOnce() {
        StreamsApp app =
                StreamsApp.create(config()).withStartupWait(NO_CLUSTER_WAIT).start();
        try {
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class);
        } finally {
            app.stop();
        }
    }

    @Test
    void anAppNeverStartedStopsCleanly() {
        StreamsApp app = StreamsApp.create(config());

        app.stop();

        assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThat(app.applicationServer()).isNull();
    }
}
