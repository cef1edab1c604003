package dev.reflect.producer;

import dev.reflect.events.InputTopics;
import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KekSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the ingest service is configured with. {@link #from(Env)} reads:
 * <ul>
 *   <li>{@code REFLECT_PRODUCER_HOST} (default {@code 0.0.0.0}), {@code REFLECT_PRODUCER_PORT}
 *       (default 8080; 0 picks a free port);</li>
 *   <li>{@code REFLECT_JWT_SECRET} / {@code REFLECT_JWT_JWKS} and friends, see {@link JwtSettings};</li>
 *   <li>{@code REFLECT_BOOTSTRAP_SERVERS} and the Kafka pass-through, see {@link KafkaClientConfig};</li>
 *   <li>{@code REFLECT_KAFKA_WRITE_TIMEOUT_MS} (default 5000, 1000..120000): how long a write may take
 *       to be acknowledged before the client gets 503;</li>
 *   <li>{@code REFLECT_RATE_LIMIT_PER_MINUTE}, {@code REFLECT_RATE_LIMIT_BURST}, see {@link RateLimit};</li>
 *   <li>{@code REFLECT_REQUEST_BODY_DEADLINE_MS} (default 20000, 1000..600000): a request body must
 *       arrive whole within this, or the request is cut off with 408. It caps how long a client
 *       trickling just above the minimum data rate can hold a server thread; 20 s is Apache
 *       {@code mod_reqtimeout}'s default for a body, and a batch of 500 check-ins (about 250 KB)
 *       takes some 4 s on a slow 500 kbit/s mobile link.</li>
 *   <li>{@code REFLECT_QUERY_URL} (optional, e.g. {@code http://127.0.0.1:8081}): the query service,
 *       which answers {@code GET /v1/me/sharing} for the ingest service (a person's sharing lives
 *       with their state in the streams app). Without it that endpoint answers 503;</li>
 *   <li>{@code REFLECT_KEK_FILE} or {@code REFLECT_KEK} (required): the key-encryption key the
 *       people's data keys are stored under, see {@link KekSettings}; the streams app needs the same.</li>
 *   <li>{@code REFLECT_INPUT_TOPICS_VERSION} (default {@code v1}): the version of the input topics
 *       accepted events are written to, see {@link InputTopics}; changed only while growing
 *       partitions (docs/scaling.md).</li>
 * </ul>
 */
public record IngestConfig(
        String host,
        int port,
        JwtSettings jwt,
        KafkaClientConfig kafka,
        Duration writeTimeout,
        RateLimit rateLimit,
        Duration bodyDeadline,
        Optional<URI> queryUrl,
        KeyEncryptionKey kek,
        InputTopics inputs) {

    public static final String HOST_VARIABLE = "REFLECT_PRODUCER_HOST";
    public static final String PORT_VARIABLE = "REFLECT_PRODUCER_PORT";
    public static final String WRITE_TIMEOUT_VARIABLE = "REFLECT_KAFKA_WRITE_TIMEOUT_MS";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    public static final String BODY_DEADLINE_VARIABLE = "REFLECT_REQUEST_BODY_DEADLINE_MS";
    public static final Duration DEFAULT_BODY_DEADLINE = Duration.ofSeconds(20);
    public static final String QUERY_URL_VARIABLE = "REFLECT_QUERY_URL";

    public IngestConfig {
        if (bodyDeadline == null || bodyDeadline.isNegative() || bodyDeadline.isZero()) {
            throw new IllegalArgumentException("bodyDeadline must be positive");
        }
        Objects.requireNonNull(queryUrl, "queryUrl");
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(inputs, "inputs");
    }

    /** Writing to the {@code v1} input topics. */
    public IngestConfig(
            String host,
            int port,
            JwtSettings jwt,
            KafkaClientConfig kafka,
            Duration writeTimeout,
            RateLimit rateLimit,
            Duration bodyDeadline,
            Optional<URI> queryUrl,
            KeyEncryptionKey kek) {
        this(host, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, queryUrl, kek, InputTopics.V1);
    }

    /**
     * With the public development key-encryption key ({@link KekSettings#development()}): for
     * tests and benchmarks that build their settings in code. {@link #from(Env)} never uses it.
     */
    public IngestConfig(
            String host,
            int port,
            JwtSettings jwt,
            KafkaClientConfig kafka,
            Duration writeTimeout,
            RateLimit rateLimit,
            Duration bodyDeadline,
            Optional<URI> queryUrl) {
        this(host, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, queryUrl, KekSettings.development());
    }

    /** Without a query service to ask for sharing, with the development key-encryption key. */
    public IngestConfig(
            String host,
            int port,
            JwtSettings jwt,
            KafkaClientConfig kafka,
            Duration writeTimeout,
            RateLimit rateLimit,
            Duration bodyDeadline) {
        this(host, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, Optional.empty());
    }

    /** With the default body deadline. */
    public IngestConfig(
            String host,
            int port,
            JwtSettings jwt,
            KafkaClientConfig kafka,
            Duration writeTimeout,
            RateLimit rateLimit) {
        this(host, port, jwt, kafka, writeTimeout, rateLimit, DEFAULT_BODY_DEADLINE);
    }

    public static IngestConfig from(Env env) {
        return new IngestConfig(
                env.string(HOST_VARIABLE, "0.0.0.0"),
                env.integer(PORT_VARIABLE, DEFAULT_PORT, 0, 65535),
                JwtSettings.from(env),
                KafkaClientConfig.from(env),
                env.millis(WRITE_TIMEOUT_VARIABLE, DEFAULT_WRITE_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(2)),
                RateLimit.from(env),
                env.millis(
                        BODY_DEADLINE_VARIABLE, DEFAULT_BODY_DEADLINE, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                queryUrl(env),
                KekSettings.from(env),
                inputs(env));
    }

    private static InputTopics inputs(Env env) {
        return InputTopics.version(env.string(InputTopics.VARIABLE, InputTopics.V1.version()));
    }

    private static Optional<URI> queryUrl(Env env) {
        String raw = env.string(QUERY_URL_VARIABLE, "").trim();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(raw, "not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    QUERY_URL_VARIABLE + " must be an http(s) URL such as http://127.0.0.1:8081");
        }
    }

    /** The settings of the process: environment variables, overridden by system properties. */
    public static IngestConfig fromEnvironment() {
        return from(Env.system());
    }

    public IngestConfig withHost(String newHost) {
        return new IngestConfig(
                newHost, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, queryUrl, kek, inputs);
    }

    public IngestConfig withPort(int newPort) {
        return new IngestConfig(
                host, newPort, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, queryUrl, kek, inputs);
    }

    public IngestConfig withBootstrapServers(String bootstrapServers) {
        return new IngestConfig(
                host,
                port,
                jwt,
                kafka.withBootstrapServers(bootstrapServers),
                writeTimeout,
                rateLimit,
                bodyDeadline,
                queryUrl,
                kek,
                inputs);
    }

    public IngestConfig withWriteTimeout(Duration newWriteTimeout) {
        return new IngestConfig(
                host, port, jwt, kafka, newWriteTimeout, rateLimit, bodyDeadline, queryUrl, kek, inputs);
    }

    public IngestConfig withBodyDeadline(Duration newBodyDeadline) {
        return new IngestConfig(
                host, port, jwt, kafka, writeTimeout, rateLimit, newBodyDeadline, queryUrl, kek, inputs);
    }

    public IngestConfig withRateLimit(RateLimit newRateLimit) {
        return new IngestConfig(
                host, port, jwt, kafka, writeTimeout, newRateLimit, bodyDeadline, queryUrl, kek, inputs);
    }

    public IngestConfig withQueryUrl(URI newQueryUrl) {
        return new IngestConfig(
                host, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, Optional.of(newQueryUrl), kek, inputs);
    }

    /** Writing accepted events to {@code newInputs}. */
    public IngestConfig withInputs(InputTopics newInputs) {
        return new IngestConfig(
                host, port, jwt, kafka, writeTimeout, rateLimit, bodyDeadline, queryUrl, kek, newInputs);
    }
}
