package dev.reflect.notifier;

import dev.reflect.notifier.delivery.DeliveryCapacity;
import dev.reflect.notifier.delivery.DeliveryMetrics;
import dev.reflect.notifier.delivery.HttpDeliverer;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.notifier.topology.DeliveryRuntime;
import dev.reflect.notifier.topology.DeliverySettings;
import dev.reflect.notifier.topology.NotifierStreamsConfig;
import dev.reflect.notifier.topology.NotifierTopology;
import dev.reflect.notifier.topology.UnreadableAlerts;
import dev.reflect.notifier.webhook.Identities;
import dev.reflect.service.health.Health;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.http.ServiceHttp;
import dev.reflect.service.lifecycle.Shutdown;
import dev.reflect.service.log.SafeThrowables;
import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: a Kafka Streams application that turns each alert into signed webhooks to the
 * clinicians it names ({@link NotifierTopology}), with {@code /health/live}, {@code /health/ready}
 * and {@code /metrics}. Assembled by {@link #create}, running after {@link #start()}:
 *
 * <pre>{@code
 * NotifierApp notifier = NotifierApp.create(NotifierConfig.fromEnvironment()).start();
 * int port = notifier.port();
 * ...
 * notifier.stop();
 * }</pre>
 */
public final class NotifierApp implements AutoCloseable {

    /** The consumer group (and changelog prefix) when {@code REFLECT_NOTIFIER_APPLICATION_ID} is unset. */
    public static final String DEFAULT_APPLICATION_ID = NotifierStreamsConfig.DEFAULT_APPLICATION_ID;

    /** How long {@link #stop()} lets Kafka Streams commit and close its store. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(NotifierApp.class);

    private final NotifierConfig config;
    private final ServiceMetrics metrics;
    private final DeliveryMetrics deliveryMetrics;
    private final DeliveryRuntime runtime;
    private final Javalin javalin;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Shutdown shutdown = new Shutdown("Notifier");
    private volatile KafkaStreams streams;

    private NotifierApp(NotifierConfig config) {
        this.config = config;
        this.metrics = ServiceMetrics.create();
        Clock clock = Clock.systemUTC();
        DeliveryCapacity capacity = new DeliveryCapacity(config.maxInFlight(), config.maxInFlightPerEndpoint());
        this.deliveryMetrics = new DeliveryMetrics(metrics.registry(), capacity, clock);
        SecureRandom jitter = new SecureRandom();
        this.runtime = new DeliveryRuntime(
                new HttpDeliverer(config.attemptTimeout(), clock), capacity, deliveryMetrics, jitter::nextDouble);
        ReadinessCheck readiness = new ReadinessCheck() {
            @Override
            public boolean isReady() {
                return state() == KafkaStreams.State.RUNNING;
            }

            @Override
            public Optional<String> reason() {
                return Optional.of("Kafka Streams is " + state());
            }
        };
        this.javalin = Javalin.create(javalin -> {
            ServiceHttp.configure(javalin, metrics.registry());
            javalin.routes.get("/health/live", ctx -> {
                if (isAlive()) {
                    Health.live().handle(ctx);
                } else {
                    ctx.status(503).json(Map.of("status", "DOWN"));
                }
            });
            javalin.routes.get("/health/ready", Health.ready(readiness));
            javalin.routes.get("/metrics", metrics::scrape);
        });
        shutdown.then(javalin::stop).then(this::closeStreams).then(metrics);
    }

    /** The one topic the notifier reads, as its topology wires it (for ACLs). */
    public static String readTopic() {
        return NotifierTopology.readTopic();
    }

    /** The one topic the notifier writes besides its own changelog, as its topology wires it (for ACLs). */
    public static String writtenTopic() {
        return NotifierTopology.writtenTopic();
    }

    public static NotifierApp create(NotifierConfig config) {
        return new NotifierApp(config);
    }

    /** Binds the health and metrics port, then starts Kafka Streams. Call once. */
    public NotifierApp start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        javalin.start(config.host(), config.port());
        try {
            DeliverySettings settings = new DeliverySettings(
                    config.endpoints(),
                    new Identities(config.pseudonym()),
                    config.caseload(),
                    config.retry(),
                    DeliverySettings.DEFAULT_TICK);
            Properties properties = NotifierStreamsConfig.base(config.kafka().base(), config.applicationId());
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    config.stateDir().toAbsolutePath().toString());
            properties.put(UnreadableAlerts.METRICS_CONFIG, deliveryMetrics);
            KafkaStreams created = new KafkaStreams(NotifierTopology.build(settings, runtime), properties);
            streams = created;
            created.setStateListener(
                    (newState, oldState) -> log.info("Kafka Streams state {} -> {}", oldState, newState));
            created.setUncaughtExceptionHandler(failure -> {
                // A failure here is a bug, not a bad record (those are skipped): stop, so that the
                // liveness probe fails and the process is restarted from the last commit.
                log.error("The notifier's stream thread failed: {}", SafeThrowables.describe(failure));
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            created.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info(
                "Notifier {} started: {} clinician endpoint(s) configured; health and metrics on port {}",
                config.applicationId(),
                config.endpoints().size(),
                port());
        if (config.endpoints().size() == 0) {
            log.warn(
                    "No clinician endpoints are configured ({} is unset or empty): no webhook will be sent",
                    ClinicianEndpoints.VARIABLE);
        }
        return this;
    }

    /** The bound port of health and metrics; with port 0 configured, the one the system picked. */
    public int port() {
        return javalin.port();
    }

    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    public boolean isRunning() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** False once Kafka Streams has failed for good (ERROR): what {@code /health/live} reports. */
    public boolean isAlive() {
        return state() != KafkaStreams.State.ERROR;
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Stops listening, then closes Kafka Streams (committing what it did), then the metrics. Idempotent. */
    public void stop() {
        shutdown.run();
    }

    private void closeStreams() {
        KafkaStreams current = streams;
        if (current != null && !current.close(CloseOptions.timeout(CLOSE_TIMEOUT))) {
            log.warn(
                    "Kafka Streams did not close within {}; the next start resumes from the last commit",
                    CLOSE_TIMEOUT);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
