package dev.reflect.system.support;

import static org.awaitility.Awaitility.await;

import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;

/** The two services configured as the system tests run them: loopback, port 0, a test's own ids and dirs. */
public final class Services {

    /** Instances of one streams app must share the pseudonym key. */
    public static final byte[] PSEUDONYM_SECRET =
            "system-tests-pseudonym-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private Services() {}

    /** A test's own HS256 secret, so no token of one test is valid in another. */
    public static byte[] newSecret() {
        return ("system-tests-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    public static IngestConfig ingest(
            String bootstrapServers, JwtSettings jwt, Duration writeTimeout, RateLimit rateLimit) {
        return new IngestConfig(
                "127.0.0.1", 0, jwt, KafkaClientConfig.forBootstrapServers(bootstrapServers), writeTimeout, rateLimit);
    }

    public static IngestApp startIngest(
            String bootstrapServers, JwtSettings jwt, Duration writeTimeout, RateLimit rateLimit) {
        return IngestApp.create(ingest(bootstrapServers, jwt, writeTimeout, rateLimit))
                .start();
    }

    /** The ingest service with Kafka client settings of its own (a secured cluster's). */
    public static IngestApp startIngest(
            KafkaClientConfig kafka, JwtSettings jwt, Duration writeTimeout, RateLimit rateLimit) {
        return IngestApp.create(new IngestConfig("127.0.0.1", 0, jwt, kafka, writeTimeout, rateLimit))
                .start();
    }

    /**
     * A streams app of {@code applicationId} on {@code stateDir}, with Kafka client settings given
     * as the {@code REFLECT_KAFKA_*} variables a deployment would set.
     */
    public static StreamsAppConfig streams(
            String bootstrapServers,
            Map<String, String> kafkaVariables,
            JwtSettings jwt,
            String applicationId,
            Path stateDir) {
        Map<String, String> variables = new HashMap<>(kafkaVariables);
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, bootstrapServers);
        return new StreamsAppConfig(
                "127.0.0.1",
                0,
                "127.0.0.1",
                stateDir,
                applicationId,
                1,
                jwt,
                Optional.of(Pseudonym.withSecret(PSEUDONYM_SECRET)),
                KafkaClientConfig.from(Env.of(variables)),
                TopologySettings.defaults());
    }

    public static void awaitRunning(StreamsApp app) {
        await("Kafka Streams RUNNING")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.state() == KafkaStreams.State.RUNNING);
    }
}
