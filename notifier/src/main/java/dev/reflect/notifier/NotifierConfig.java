package dev.reflect.notifier;

import dev.reflect.notifier.delivery.RetryPolicy;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.notifier.topology.NotifierStreamsConfig;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the notifier is configured with. {@link #from(Env)} reads:
 * <ul>
 *   <li>{@code REFLECT_NOTIFIER_HOST} (default {@code 0.0.0.0}), {@code REFLECT_NOTIFIER_PORT}
 *       (default {@value #DEFAULT_PORT}; 0 picks a free port): health and metrics;</li>
 *   <li>{@value ClinicianEndpoints#VARIABLE}: the JSON file of clinicians' endpoints (see
 *       {@link ClinicianEndpoints}); unset, nobody gets a webhook and each is counted;</li>
 *   <li>{@code REFLECT_NOTIFIER_CASELOAD_URL}: the link every webhook carries to where the clinician
 *       reads more (http or https); unset, webhooks carry none;</li>
 *   <li>{@code REFLECT_PSEUDONYM_SECRET} (required, the streams app's): keys the person reference
 *       and the {@code webhook-id}, see {@link Pseudonym#forClinician};</li>
 *   <li>{@code REFLECT_NOTIFIER_STATE_DIR} (default {@code ./.reflect-data/notifier}): the outbox
 *       store; {@code REFLECT_NOTIFIER_APPLICATION_ID} (default
 *       {@value NotifierStreamsConfig#DEFAULT_APPLICATION_ID}): the consumer group;</li>
 *   <li>{@code REFLECT_NOTIFIER_ATTEMPT_TIMEOUT_MS} (default 15000, 1000..60000; Standard Webhooks
 *       recommends 15 to 30 s), {@code REFLECT_NOTIFIER_RETRY_INITIAL_MS} (5000),
 *       {@code REFLECT_NOTIFIER_RETRY_MAX_MS} (14400000, 4 h), {@code REFLECT_NOTIFIER_MAX_ATTEMPTS}
 *       (24): see {@link RetryPolicy};</li>
 *   <li>{@code REFLECT_NOTIFIER_MAX_IN_FLIGHT} (64) and {@code REFLECT_NOTIFIER_MAX_IN_FLIGHT_PER_ENDPOINT}
 *       (2): attempts waiting for an answer, in all and per clinician;</li>
 *   <li>{@code REFLECT_BOOTSTRAP_SERVERS} and the Kafka pass-through, see {@link KafkaClientConfig}.</li>
 * </ul>
 */
public record NotifierConfig(
        String host,
        int port,
        Path stateDir,
        String applicationId,
        ClinicianEndpoints endpoints,
        Optional<URI> caseload,
        Pseudonym pseudonym,
        RetryPolicy retry,
        Duration attemptTimeout,
        int maxInFlight,
        int maxInFlightPerEndpoint,
        KafkaClientConfig kafka) {

    public static final String HOST_VARIABLE = "REFLECT_NOTIFIER_HOST";
    public static final String PORT_VARIABLE = "REFLECT_NOTIFIER_PORT";
    public static final String STATE_DIR_VARIABLE = "REFLECT_NOTIFIER_STATE_DIR";
    public static final String APPLICATION_ID_VARIABLE = "REFLECT_NOTIFIER_APPLICATION_ID";
    public static final String CASELOAD_URL_VARIABLE = "REFLECT_NOTIFIER_CASELOAD_URL";
    public static final String ATTEMPT_TIMEOUT_VARIABLE = "REFLECT_NOTIFIER_ATTEMPT_TIMEOUT_MS";
    public static final String RETRY_INITIAL_VARIABLE = "REFLECT_NOTIFIER_RETRY_INITIAL_MS";
    public static final String RETRY_MAX_VARIABLE = "REFLECT_NOTIFIER_RETRY_MAX_MS";
    public static final String MAX_ATTEMPTS_VARIABLE = "REFLECT_NOTIFIER_MAX_ATTEMPTS";
    public static final String MAX_IN_FLIGHT_VARIABLE = "REFLECT_NOTIFIER_MAX_IN_FLIGHT";
    public static final String MAX_IN_FLIGHT_PER_ENDPOINT_VARIABLE = "REFLECT_NOTIFIER_MAX_IN_FLIGHT_PER_ENDPOINT";
    public static final int DEFAULT_PORT = 8083;
    public static final Path DEFAULT_STATE_DIR = Path.of(".reflect-data", "notifier");
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT = 2;

    public NotifierConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(caseload, "caseload");
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(kafka, "kafka");
    }

    public static NotifierConfig from(Env env) {
        Duration initial = env.millis(
                RETRY_INITIAL_VARIABLE,
                RetryPolicy.DEFAULT.initialDelay(),
                Duration.ofMillis(100),
                Duration.ofHours(1));
        Duration max = env.millis(RETRY_MAX_VARIABLE, RetryPolicy.DEFAULT.maxDelay(), initial, Duration.ofDays(1));
        return new NotifierConfig(
                env.string(HOST_VARIABLE, "0.0.0.0"),
                env.integer(PORT_VARIABLE, DEFAULT_PORT, 0, 65535),
                Path.of(env.string(STATE_DIR_VARIABLE, DEFAULT_STATE_DIR.toString())),
                env.string(APPLICATION_ID_VARIABLE, NotifierStreamsConfig.DEFAULT_APPLICATION_ID),
                env.optional(ClinicianEndpoints.VARIABLE)
                        .map(file -> ClinicianEndpoints.load(Path.of(file)))
                        .orElse(ClinicianEndpoints.none()),
                env.optional(CASELOAD_URL_VARIABLE).map(NotifierConfig::caseloadUrl),
                Pseudonym.from(env)
                        .orElseThrow(() -> new ConfigException(Pseudonym.SECRET_VARIABLE
                                + " is not set: it keys the references webhooks carry instead of user ids "
                                + "(the streams app's, at least " + Pseudonym.MIN_SECRET_BYTES + " bytes)")),
                new RetryPolicy(
                        env.integer(MAX_ATTEMPTS_VARIABLE, RetryPolicy.DEFAULT.maxAttempts(), 1, 100), initial, max),
                env.millis(
                        ATTEMPT_TIMEOUT_VARIABLE,
                        DEFAULT_ATTEMPT_TIMEOUT,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1)),
                env.integer(MAX_IN_FLIGHT_VARIABLE, DEFAULT_MAX_IN_FLIGHT, 1, 10_000),
                env.integer(MAX_IN_FLIGHT_PER_ENDPOINT_VARIABLE, DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT, 1, 100),
                KafkaClientConfig.from(env));
    }

    /** How many clinicians have an endpoint: 0 means no webhook is sent. */
    public int endpointCount() {
        return endpoints.size();
    }

    /** The settings of the process: environment variables, overridden by system properties. */
    public static NotifierConfig fromEnvironment() {
        return from(Env.system());
    }

    public NotifierConfig withBootstrapServers(String bootstrapServers) {
        return new NotifierConfig(
                host,
                port,
                stateDir,
                applicationId,
                endpoints,
                caseload,
                pseudonym,
                retry,
                attemptTimeout,
                maxInFlight,
                maxInFlightPerEndpoint,
                kafka.withBootstrapServers(bootstrapServers));
    }

    private static URI caseloadUrl(String value) {
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // falls through to the one message below
        }
        throw new ConfigException(CASELOAD_URL_VARIABLE + " must be an http(s) URL with a host");
    }
}
