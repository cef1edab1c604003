package dev.reflect.producer;

import dev.reflect.events.crypto.DataKeys;
import dev.reflect.events.crypto.LocalDataKeys;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.events.validation.EventParser;
import dev.reflect.producer.http.IngestHandlers;
import dev.reflect.producer.http.IngestRoutes;
import dev.reflect.producer.http.SharingLookup;
import dev.reflect.producer.ingest.EventPublisher;
import dev.reflect.producer.ingest.IngestMetrics;
import dev.reflect.producer.ingest.IngestService;
import dev.reflect.producer.ingest.KafkaEventPublisher;
import dev.reflect.producer.ratelimit.TokenBucketRateLimiter;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.health.CachedReadinessCheck;
import dev.reflect.service.health.KafkaClusterCheck;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.http.ServiceHttp;
import dev.reflect.service.keys.KafkaDataKeys;
import dev.reflect.service.lifecycle.Shutdown;
import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service, assembled but not listening: {@link #create} wires it, {@link #start()}
 * binds the port, {@link #stop()} releases everything it owns. Tests, the benchmark and the
 * local run start it in-process:
 *
 * <pre>{@code
 * IngestApp app = IngestApp.create(IngestConfig.fromEnvironment().withPort(0)).start();
 * int port = app.port();
 * ...
 * app.stop();
 * }</pre>
 */
public final class IngestApp implements AutoCloseable {

    /** How long a readiness probe may wait for Kafka, and how long its answer is reused. */
    public static final Duration READINESS_BOUND = Duration.ofSeconds(2);

    public static final Duration READINESS_CACHE = Duration.ofSeconds(1);

    /** How long start-up waits for the data key replica to read {@code reflect.keys.v1}. */
    static final Duration KEYS_CATCH_UP = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(IngestApp.class);

    private final IngestConfig config;
    private final ServiceMetrics metrics;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final Javalin javalin;
    private final Shutdown shutdown = new Shutdown("Ingest service");

    private IngestApp(
            IngestConfig config,
            ServiceMetrics metrics,
            EventPublisher publisher,
            ReadinessCheck readiness,
            DataKeys keys,
            Clock clock,
            List<AutoCloseable> owned) {
        this.config = config;
        this.metrics = metrics;
        JwtAuthenticator authenticator = JwtAuthenticator.from(config.jwt());
        IngestService service = new IngestService(
                new EventParser(clock),
                new TextSealer(keys),
                publisher,
                new IngestMetrics(metrics.registry()),
                clock,
                config.writeTimeout(),
                config.inputs());
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("ingest-http");
        IngestHandlers handlers = new IngestHandlers(
                service,
                new TokenBucketRateLimiter(config.rateLimit()),
                threads,
                config.bodyDeadline(),
                new SharingLookup(config.queryUrl(), threads));
        this.javalin = Javalin.create(javalin -> {
            ServiceHttp.configure(javalin, metrics.registry());
            javalin.jetty.threadPool = threads;
            javalin.events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    routes.add(handler.getHttpMethod().name() + " " + handler.getPath());
                }
            });
            IngestRoutes.register(javalin.routes, handlers, authenticator, readiness, metrics);
        });
        // Stop listening first, then flush and close the Kafka clients, then the metrics.
        shutdown.then(javalin::stop);
        owned.forEach(shutdown::then);
        shutdown.then(metrics);
    }

    /** The service as configured: a Kafka producer, and readiness from the Kafka cluster. */
    public static IngestApp create(IngestConfig config) {
        ServiceMetrics metrics = ServiceMetrics.create();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            // The key store first, so the publisher's flush on stop comes before it closes.
            // A new person's key is written before their first event: within the same write bound.
            KafkaDataKeys keys = KafkaDataKeys.start(
                    config.kafka(),
                    config.kek(),
                    "reflect-ingest",
                    KafkaDataKeys.DEFAULT_CACHE_SIZE,
                    KEYS_CATCH_UP,
                    config.writeTimeout());
            KafkaEventPublisher publisher =
                    KafkaEventPublisher.create(config.kafka(), config.writeTimeout(), metrics.registry());
            owned.add(publisher);
            owned.add(keys);
            KafkaClusterCheck kafkaCheck = new KafkaClusterCheck(config.kafka(), READINESS_BOUND);
            owned.add(kafkaCheck);
            return new IngestApp(
                    config,
                    metrics,
                    publisher,
                    new CachedReadinessCheck(kafkaCheck, READINESS_CACHE),
                    keys,
                    Clock.systemUTC(),
                    owned);
        } catch (RuntimeException e) {
            Shutdown.closeAll(owned);
            metrics.close();
            throw e;
        }
    }

    /**
     * The service with its Kafka side replaced, for tests of the HTTP behaviour: the key store
     * too, by keys that live in this process only ({@link LocalDataKeys}). The app takes
     * ownership of {@code publisher} and closes it on {@link #stop()}.
     */
    public static IngestApp create(
            IngestConfig config, EventPublisher publisher, ReadinessCheck readiness, Clock clock) {
        List<AutoCloseable> owned = new ArrayList<>(List.of(publisher));
        return new IngestApp(config, ServiceMetrics.create(), publisher, readiness, new LocalDataKeys(), clock, owned);
    }

    public IngestApp start() {
        javalin.start(config.host(), config.port());
        log.info(
                "Ingest service listening on port {}, writing to Kafka at {}",
                port(),
                config.kafka().bootstrapServers());
        return this;
    }

    /** The bound port; with port 0 configured, the one the system picked. */
    public int port() {
        return javalin.port();
    }

    /** {@code METHOD /path} of every route, as registered; what the OpenAPI document must describe. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Stops listening, then flushes and closes the Kafka clients. Idempotent. */
    public void stop() {
        shutdown.run();
    }

    @Override
    public void close() {
        stop();
    }
}
