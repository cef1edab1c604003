package dev.reflect.streams.app;

import dev.reflect.events.crypto.TextSealer;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.http.ServiceHttp;
import dev.reflect.service.keys.KafkaDataKeys;
import dev.reflect.service.lifecycle.Shutdown;
import dev.reflect.service.log.SafeThrowables;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.service.rights.ErasureRequests;
import dev.reflect.streams.deadletter.DeadLetterTopicConfig;
import dev.reflect.streams.deadletter.OutputLimits;
import dev.reflect.streams.deadletter.RefusedWriteHandler;
import dev.reflect.streams.deadletter.RefusedWrites;
import dev.reflect.streams.entries.AttachedDataKeys;
import dev.reflect.streams.metrics.StreamsMetrics;
import dev.reflect.streams.page.ProgressPage;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.query.HttpPeerClient;
import dev.reflect.streams.query.KafkaCareRecords;
import dev.reflect.streams.query.KafkaUserStateLookup;
import dev.reflect.streams.query.QueryHandlers;
import dev.reflect.streams.query.QueryRoutes;
import dev.reflect.streams.query.UserQueries;
import dev.reflect.streams.rights.ErasureHandlers;
import dev.reflect.streams.rights.ErasureLedger;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.ReflectTopology;
import dev.reflect.streams.topology.TopologyRuntime;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app: the Kafka Streams topology and the query API that serves its state, assembled
 * by {@link #create} and running after {@link #start()}. Tests, the benchmark and the local run
 * start it in-process:
 *
 * <pre>{@code
 * StreamsApp app = StreamsApp.create(StreamsAppConfig.from(Env.system().with(Map.of("REFLECT_QUERY_PORT", "0")))).start();
 * int port = app.port();      // the query API
 * ...
 * app.stop();
 * }</pre>
 *
 * <p>{@link #start()} binds the query server first and only then creates Kafka Streams, because
 * the bound port is part of the instance's {@code application.server}: that is how the other
 * instances learn where to fetch the keys this one holds. Until Streams is RUNNING, queries answer
 * 503 with {@code Retry-After} and {@code /health/ready} answers 503. The source topics must exist
 * before its tasks start, with the same number of partitions.
 */
public final class StreamsApp implements AutoCloseable {

    /** How long {@link #stop()} lets Kafka Streams finish its last commit and close its stores. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Forwarding to another instance: a refused connection fails at once, a vanished host after this. */
    public static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);
    /** How often the tasks' progress is looked at (see {@link TaskProgress}). */
    static final Duration PROGRESS_CHECK = Duration.ofSeconds(5);
    /** How long start-up waits for the cluster to describe the input topics. */
    static final Duration INPUT_TOPICS_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final ServiceMetrics metrics;
    private final StreamsMetrics streamsMetrics;
    private final KafkaUserStateLookup lookup = new KafkaUserStateLookup();
    private final ExecutorService peerExecutor;
    private final Javalin javalin;
    private final AtomicBoolean started = new AtomicBoolean();
    /** How long start-up waits for the cluster: {@link #INPUT_TOPICS_TIMEOUT} but in tests without a broker. */
    private volatile Duration startupWait = INPUT_TOPICS_TIMEOUT;

    private volatile KafkaStreams streams;
    private volatile HostInfo applicationServer;
    private final OutputLimits outputLimits = new OutputLimits();
    private final RefusedWrites refusedWrites = new RefusedWrites();
    private volatile OutputTopicLimits outputTopicLimits;
    private volatile GroupMembership membership;
    private volatile TaskProgress taskProgress;
    private volatile KafkaDataKeys dataKeys;
    private volatile ErasureLedger erasureLedger;
    /** The keys the query API opens texts with: the key store, once Streams starts (contract section 9). */
    private final AttachedDataKeys sealer = new AttachedDataKeys();
    /** Where {@code DELETE /v1/me} writes its requests (contract section 9). */
    private final ErasureRequests erasureRequests;

    private final ScheduledExecutorService progressChecks =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("task-progress-"));
    private final Shutdown shutdown = new Shutdown("Streams app");
    /** Audit records and alerts seen, written by the query API. */
    private final KafkaCareRecords careRecords;

    private StreamsApp(StreamsAppConfig config) {
        this.config = config;
        JwtAuthenticator authenticator = JwtAuthenticator.from(config.jwt());
        this.metrics = ServiceMetrics.create(StreamsMetrics.METER_FILTER);
        this.streamsMetrics = StreamsMetrics.create(
                metrics.registry(), config.topology().perUserMetricsCap(), config.pseudonym(), Clock.systemUTC());
        streamsMetrics.health(this::stuckTasks, refusedWrites, outputLimits);
        this.peerExecutor = Executors.newFixedThreadPool(4, daemonThreads("query-peer-"));
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("query-http");
        this.careRecords = KafkaCareRecords.create(
                config.kafka().configure(Map.of()),
                config.applicationId() + "-care-records",
                config.topology().inputs().sharing());
        UserQueries queries = new UserQueries(
                lookup,
                new HttpPeerClient(PEER_CONNECT_TIMEOUT, PEER_TIMEOUT, peerExecutor),
                new ProgressCalculator(config.topology().escalation(), config.pseudonym()),
                careRecords,
                Clock.systemUTC(),
                new TextSealer(sealer));
        QueryHandlers handlers = new QueryHandlers(queries, threads);
        this.erasureRequests = ErasureRequests.create(config.kafka(), config.applicationId());
        ErasureHandlers erasure = new ErasureHandlers(erasureRequests, Clock.systemUTC());
        this.javalin = Javalin.create(javalin -> {
            ServiceHttp.configure(javalin, metrics.registry());
            javalin.jetty.threadPool = threads;
            QueryRoutes.register(
                    javalin.routes,
                    handlers,
                    authenticator,
                    this::isAlive,
                    readiness(),
                    metrics,
                    ProgressPage.fromClasspath());
            // Behind the same bearer check as every /v1/* route (QueryRoutes).
            javalin.routes.delete("/v1/me", erasure::eraseMe);
        });
        // The query API first; the census and metrics binder before Streams closes; metrics last.
        shutdown.then(javalin::stop)
                .then(careRecords)
                .then(streamsMetrics)
                .then(() -> {
                    GroupMembership member = membership;
                    if (member != null) {
                        member.close();
                    }
                })
                .then(progressChecks::shutdownNow)
                .then(this::closeStreams)
                .then(() -> {
                    OutputTopicLimits refresher = outputTopicLimits;
                    if (refresher != null) {
                        refresher.close();
                    }
                })
                .then(peerExecutor::shutdownNow)
                .then(() -> {
                    KafkaDataKeys keys = dataKeys;
                    if (keys != null) {
                        keys.close();
                    }
                })
                .then(() -> {
                    ErasureLedger ledger = erasureLedger;
                    if (ledger != null) {
                        ledger.close();
                    }
                })
                .then(erasureRequests)
                .then(metrics);
    }

    /**
     * The pseudonym that names erased people on {@code reflect.erasures.v1} and in the erasure
     * stores: the configured one, or (per-user metrics off and no secret, as in a local run) the
     * public development one, which hides a userId from a glance but not from a guess.
     */
    private Pseudonym erasurePseudonym() {
        return config.pseudonym().orElseGet(() -> {
            log.warn("No {}: erasure proofs use the public development pseudonym", Pseudonym.SECRET_VARIABLE);
            return Pseudonym.withSecret(Pseudonym.LOCAL_DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The app as configured, not yet listening or processing. Invalid JWT settings fail here. */
    public static StreamsApp create(StreamsAppConfig config) {
        return new StreamsApp(config);
    }

    /**
     * Waits at most {@code wait} at start-up for the cluster to describe the input topics and for
     * the erasure ledger to catch up. For tests that start the app without a broker, where the
     * production wait would only slow them down.
     */
    StreamsApp withStartupWait(Duration wait) {
        this.startupWait = wait;
        return this;
    }

    /**
     * Binds the query API, then creates and starts Kafka Streams with this instance's
     * {@code application.server}. Returns once both are started; Streams then joins its group
     * and restores its stores in the background (see {@link #state()}). Call once.
     */
    public StreamsApp start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        javalin.start(config.host(), config.port());
        try {
            applicationServer = new HostInfo(config.advertisedHost(), javalin.port());
            Properties properties = streamsProperties(applicationServer);
            outputTopicLimits = OutputTopicLimits.start(outputLimits, properties);
            KafkaDataKeys keys = KafkaDataKeys.start(
                    config.kafka(),
                    config.kek(),
                    config.applicationId(),
                    KafkaDataKeys.DEFAULT_CACHE_SIZE,
                    // Not waited for: the replica catches up in the background, and readiness waits for it.
                    Duration.ZERO);
            dataKeys = keys;
            sealer.attach(keys);
            // Read before processing starts, so a run over the input from the start drops erased pasts.
            ErasureLedger ledger = ErasureLedger.start(config.kafka(), config.applicationId(), startupWait);
            erasureLedger = ledger;
            // Every instance forgets an erased person's series once their keys are destroyed, not
            // only the one whose task erased them.
            keys.onDestroyed(streamsMetrics.listener()::erased);
            Topology topology = ReflectTopology.build(
                    config.topology(),
                    new TopologyRuntime(
                                    streamsMetrics.listener(),
                                    InputTopicPartitions.fromCluster(
                                            config.kafka().base(),
                                            config.topology().inputs().eventNames(),
                                            startupWait),
                                    outputLimits)
                            .withRights(new TopologyRuntime.Rights(keys::destroy, erasurePseudonym(), ledger)));
            KafkaStreams created = new KafkaStreams(topology, properties);
            streams = created;
            created.setUncaughtExceptionHandler(new StreamThreadFailures(System::nanoTime, refusedWrites));
            created.setStateListener((newState, oldState) -> {
                log.info("Kafka Streams state {} -> {}", oldState, newState);
                streamsMetrics.stateChanged(newState);
            });
            streamsMetrics.attach(created);
            GroupMembership member =
                    new GroupMembership(config.applicationId(), created::metadataForLocalThreads, System::nanoTime);
            membership = member;
            lookup.attach(created, applicationServer, member::confirmed);
            TaskProgress progress = new TaskProgress(created::metadataForLocalThreads, refusedWrites, System::nanoTime);
            taskProgress = progress;
            created.start();
            member.start(config.kafka());
            var unused = progressChecks.scheduleWithFixedDelay(
                    () -> {
                        try {
                            progress.check();
                        } catch (RuntimeException e) {
                            // Streams starting or closing underneath: the next check sees it settled.
                            log.debug(
                                    "Task progress check skipped: {}",
                                    e.getClass().getSimpleName());
                        }
                    },
                    PROGRESS_CHECK.toMillis(),
                    PROGRESS_CHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Streams app {} started; query API on port {}", config.applicationId(), port());
        return this;
    }

    private Properties streamsProperties(HostInfo server) {
        Properties properties =
                ReflectStreamsConfig.base(config.kafka().base(), config.applicationId(), config.standbyReplicas());
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.host() + ":" + server.port());
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.stateDir().toAbsolutePath().toString());
        properties.put(DeadLetterTopicConfig.REJECTIONS_CONFIG, streamsMetrics.rejections());
        properties.put(RefusedWriteHandler.LIMITS_CONFIG, outputLimits);
        properties.put(RefusedWriteHandler.REFUSALS_CONFIG, refusedWrites);
        return properties;
    }

    /** The query API's bound port; with port 0 configured, the one the system picked. */
    public int port() {
        return javalin.port();
    }

    /** This instance's {@code application.server} (advertised host and bound port); null before {@link #start()}. */
    public HostInfo applicationServer() {
        return applicationServer;
    }

    /** Kafka Streams' state; {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    /** True while Streams is RUNNING. */
    public boolean isRunning() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /**
     * What {@code GET /health/ready} reports: Streams is RUNNING, its consumer group has confirmed
     * this instance lately ({@link GroupMembership}; an instance cut off from its cluster is not
     * ready, though Streams still says RUNNING), and no task is stuck ({@link TaskProgress}).
     */
    public boolean isReady() {
        return unreadyReason().isEmpty();
    }

    /** Why this instance is not ready, or empty when it is. */
    public Optional<String> unreadyReason() {
        if (!isRunning()) {
            return Optional.of("Kafka Streams is " + state()
                    + refusedWrites
                            .last()
                            .map(r -> "; the last write Kafka refused was for " + r.topic() + " (" + r.cause() + ") at "
                                    + r.at())
                            .orElse(""));
        }
        KafkaDataKeys keys = dataKeys;
        if (keys != null && !keys.caughtUp()) {
            return Optional.of("the data key replica has not read reflect.keys.v1 to its end yet");
        }
        GroupMembership member = membership;
        if (member == null || !member.confirmed()) {
            return Optional.of("the consumer group has not confirmed this instance lately");
        }
        TaskProgress progress = taskProgress;
        return progress == null ? Optional.empty() : progress.reason();
    }

    /** The number of this instance's tasks that are stuck (see {@link TaskProgress}). */
    int stuckTasks() {
        TaskProgress progress = taskProgress;
        return progress == null ? 0 : progress.stuck().size();
    }

    private ReadinessCheck readiness() {
        return new ReadinessCheck() {
            @Override
            public boolean isReady() {
                return StreamsApp.this.isReady();
            }

            @Override
            public Optional<String> reason() {
                return unreadyReason();
            }
        };
    }

    /** False once Streams has failed for good (ERROR): what {@code GET /health/live} reports. */
    public boolean isAlive() {
        return state() != KafkaStreams.State.ERROR;
    }

    /**
     * The Kafka Streams instance, for tests and the benchmark to read metadata or metrics from;
     * null before {@link #start()}. Do not close it: {@link #stop()} does.
     */
    public KafkaStreams kafkaStreams() {
        return streams;
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /**
     * Stops the query API, then closes Kafka Streams (committing what it has processed) within
     * {@link #CLOSE_TIMEOUT}, then everything else. Idempotent.
     *
     * <p>The instance stays a member of its consumer group until the session times out, as Kafka
     * Streams does by default: a restart within that time takes its partitions back without two
     * rebalances, and meanwhile the other instances answer its keys from standby replicas.
     */
    public void stop() {
        shutdown.run();
    }

    /** After the census and the Kafka metrics binder have stopped. */
    private void closeStreams() {
        KafkaStreams current = streams;
        if (current != null && !current.close(CloseOptions.timeout(CLOSE_TIMEOUT))) {
            log.warn(
                    "Kafka Streams did not close within {}; its next start recovers from the last commit",
                    CLOSE_TIMEOUT);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(
                    (t, e) -> log.error("{} failed: {}", t.getName(), SafeThrowables.describe(e)));
            return thread;
        };
    }
}
