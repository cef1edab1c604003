package dev.reflect.streams.app;

import static org.awaitility.Awaitility.await;

import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/** Streams apps for integration tests: port 0, loopback only, their own state directory. */
final class StreamsApps {

    /** The pseudonym key of every test instance: instances of one app must share it. */
    static final byte[] PSEUDONYM_SECRET =
            "streams-app-it-pseudonym-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private StreamsApps() {}

    static StreamsAppConfig config(String bootstrapServers, byte[] secret, String applicationId, Path stateDir) {
        return config(KafkaClientConfig.forBootstrapServers(bootstrapServers), secret, applicationId, stateDir);
    }

    /** With Kafka client settings of the test's own, as {@code REFLECT_KAFKA_*} variables would give them. */
    static StreamsAppConfig config(
            String bootstrapServers,
            Map<String, String> kafkaVariables,
            byte[] secret,
            String applicationId,
            Path stateDir) {
        Map<String, String> variables = new HashMap<>(kafkaVariables);
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, bootstrapServers);
        return config(KafkaClientConfig.from(Env.of(variables)), secret, applicationId, stateDir);
    }

    private static StreamsAppConfig config(
            KafkaClientConfig kafka, byte[] secret, String applicationId, Path stateDir) {
        return new StreamsAppConfig(
                "127.0.0.1",
                0,
                "127.0.0.1",
                stateDir,
                applicationId,
                1,
                JwtSettings.hs256(secret),
                Optional.of(Pseudonym.withSecret(PSEUDONYM_SECRET)),
                kafka,
                TopologySettings.defaults());
    }

    static void awaitRunning(StreamsApp app) {
        await("Kafka Streams RUNNING")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.state() == KafkaStreams.State.RUNNING);
    }
}
