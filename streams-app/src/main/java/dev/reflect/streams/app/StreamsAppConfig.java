package dev.reflect.streams.app;

import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the streams app is configured with. {@link #from(Env)} reads:
 * <ul>
 *   <li>{@code REFLECT_QUERY_HOST} (default {@code 0.0.0.0}) and {@code REFLECT_QUERY_PORT} (default
 *       8081; 0 picks a free port): where the query API listens;</li>
 *   <li>{@code REFLECT_QUERY_ADVERTISED_HOST} (default {@code 127.0.0.1}): the host other instances
 *       reach this one's query API at. With the bound port it is this instance's
 *       {@code application.server}, so it must be reachable from every other instance;</li>
 *   <li>{@code REFLECT_STATE_DIR} (default {@code ./.reflect-data/streams}): the RocksDB stores.
 *       Each instance needs its own;</li>
 *   <li>{@code REFLECT_APPLICATION_ID} (default {@value ReflectStreamsConfig#DEFAULT_APPLICATION_ID}):
 *       instances with the same id share the work and answer for each other;</li>
 *   <li>{@code REFLECT_STANDBY_REPLICAS} (default 1, 0..10): warm copies of each store on other
 *       instances; with one instance there is nowhere to put them and the setting is idle;</li>
 *   <li>{@code REFLECT_JWT_SECRET} / {@code REFLECT_JWT_JWKS} and friends, see {@link JwtSettings};</li>
 *   <li>{@code REFLECT_PSEUDONYM_SECRET} (at least 32 bytes): the key of the pseudonyms that label
 *       per-user metrics and appear in progress bodies, see {@link Pseudonym}. Every instance needs
 *       the same one. Required while per-user metrics are on ({@code REFLECT_PER_USER_METRICS_CAP}
 *       above 0, the default): without it the app refuses to start;</li>
 *   <li>{@code REFLECT_BOOTSTRAP_SERVERS} and the Kafka pass-through ({@code REFLECT_KAFKA_*}, e.g.
 *       {@code REFLECT_KAFKA_NUM_STREAM_THREADS}), see {@link KafkaClientConfig};</li>
 *   <li>the escalation thresholds and the per-user metrics cap, see {@link TopologyVariables};</li>
 *   <li>{@code REFLECT_KEK_FILE} or {@code REFLECT_KEK} (required): the key-encryption key of the
 *       people's data keys, the ingest service's own, see {@link KekSettings}.</li>
 * </ul>
 */
public record StreamsAppConfig(
        String host,
        int port,
        String advertisedHost,
        Path stateDir,
        String applicationId,
        int standbyReplicas,
        JwtSettings jwt,
        Optional<Pseudonym> pseudonym,
        KafkaClientConfig kafka,
        TopologySettings topology,
        KeyEncryptionKey kek) {

    /** The application id (consumer group, prefix of internal topics) when none is configured. */
    public static final String DEFAULT_APPLICATION_ID = ReflectStreamsConfig.DEFAULT_APPLICATION_ID;

    public static final String HOST_VARIABLE = "REFLECT_QUERY_HOST";
    public static final String PORT_VARIABLE = "REFLECT_QUERY_PORT";
    public static final String ADVERTISED_HOST_VARIABLE = "REFLECT_QUERY_ADVERTISED_HOST";
    public static final String STATE_DIR_VARIABLE = "REFLECT_STATE_DIR";
    public static final String APPLICATION_ID_VARIABLE = "REFLECT_APPLICATION_ID";
    public static final String STANDBY_REPLICAS_VARIABLE = "REFLECT_STANDBY_REPLICAS";
    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_ADVERTISED_HOST = "127.0.0.1";
    public static final Path DEFAULT_STATE_DIR = Path.of(".reflect-data", "streams");
    public static final int DEFAULT_STANDBY_REPLICAS = 1;

    public StreamsAppConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(kek, "kek");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative");
        }
        if (topology.perUserMetricsCap() > 0 && pseudonym.isEmpty()) {
            throw new ConfigException(Pseudonym.SECRET_VARIABLE + " is not set: per-user metrics label their series "
                    + "with a pseudonym keyed by it (at least " + Pseudonym.MIN_SECRET_BYTES
                    + " bytes, the same on every "
                    + "instance). Set it, or turn per-user metrics off with "
                    + TopologyVariables.PER_USER_METRICS_CAP + "=0.");
        }
    }

    /**
     * With the public development key-encryption key ({@link KekSettings#development()}): for
     * tests and benchmarks that build their settings in code. {@link #from(Env)} never uses it.
     */
    public StreamsAppConfig(
            String host,
            int port,
            String advertisedHost,
            Path stateDir,
            String applicationId,
            int standbyReplicas,
            JwtSettings jwt,
            Optional<Pseudonym> pseudonym,
            KafkaClientConfig kafka,
            TopologySettings topology) {
        this(
                host,
                port,
                advertisedHost,
                stateDir,
                applicationId,
                standbyReplicas,
                jwt,
                pseudonym,
                kafka,
                topology,
                KekSettings.development());
    }

    public static StreamsAppConfig from(Env env) {
        return new StreamsAppConfig(
                env.string(HOST_VARIABLE, "0.0.0.0"),
                env.integer(PORT_VARIABLE, DEFAULT_PORT, 0, 65535),
                env.string(ADVERTISED_HOST_VARIABLE, DEFAULT_ADVERTISED_HOST),
                Path.of(env.string(STATE_DIR_VARIABLE, DEFAULT_STATE_DIR.toString())),
                env.string(APPLICATION_ID_VARIABLE, ReflectStreamsConfig.DEFAULT_APPLICATION_ID),
                env.integer(STANDBY_REPLICAS_VARIABLE, DEFAULT_STANDBY_REPLICAS, 0, 10),
                JwtSettings.from(env),
                Pseudonym.from(env),
                KafkaClientConfig.from(env),
                TopologyVariables.read(env),
                KekSettings.from(env));
    }

    /** The settings of the process: environment variables, overridden by system properties. */
    public static StreamsAppConfig fromEnvironment() {
        return from(Env.system());
    }

    public StreamsAppConfig withBootstrapServers(String bootstrapServers) {
        return new StreamsAppConfig(
                host,
                port,
                advertisedHost,
                stateDir,
                applicationId,
                standbyReplicas,
                jwt,
                pseudonym,
                kafka.withBootstrapServers(bootstrapServers),
                topology,
                kek);
    }

    /** The same instance answering peers at another address, as behind a proxy (network split tests). */
    public StreamsAppConfig withAdvertisedHost(String newAdvertisedHost) {
        return new StreamsAppConfig(
                host,
                port,
                newAdvertisedHost,
                stateDir,
                applicationId,
                standbyReplicas,
                jwt,
                pseudonym,
                kafka,
                topology,
                kek);
    }
}
