package dev.reflect.streams.metrics;

import dev.reflect.events.Topics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.OutputLimits;
import dev.reflect.streams.deadletter.RefusedWrites;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.topology.PatternListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric of the streams app beyond the JVM's (contract section 7), on the service's
 * Prometheus registry:
 * <ul>
 *   <li>the population counters and the event delay histogram, {@link PatternMetrics}, fed by
 *       the topology through {@link #listener()} and by the dead-letter handlers through
 *       {@link #rejections()};</li>
 *   <li>{@code reflect_users_escalation{level}}, {@link EscalationCensus}, and the measure track's
 *       {@code reflect_users_gad7_band{band}} and {@code reflect_users_gad7_change{change}},
 *       {@link MeasureCensus};</li>
 *   <li>the per-user series, {@link PerUserMetrics}, unless the cap is 0;</li>
 *   <li>Kafka Streams' own metrics and those of its clients, through Micrometer's
 *       {@link KafkaStreamsMetrics} binder.</li>
 * </ul>
 * Create it before the topology (the topology takes the listener), {@link #attach} the
 * {@link KafkaStreams} built from it, and {@link #close()} it before closing Kafka Streams. Create
 * the registry with {@link #METER_FILTER}.
 *
 * <p>Some Kafka metrics are left out on purpose ({@link #METER_FILTER}): RocksDB's internals
 * ({@code kafka_stream_state_*}: memtables, block cache, compaction; about 75 series per store
 * partition, so 900 with this app's two stores on 6 partitions, the largest part of a scrape
 * after the per-user series, and each read through JNI at scrape time), and the consumer's
 * {@code records_lead*} and {@code preferred_read_replica} (no use without follower fetching).
 * Lag, throughput, latency, commit, rebalance, task and client metrics all stay.
 */
public final class StreamsMetrics implements AutoCloseable {

    /**
     * How often the Kafka binder looks for new Kafka metrics. Many appear only once partitions are
     * assigned (consumer lag per partition, task metrics); Micrometer's default of a minute would
     * keep them out of the first four scrapes after every rebalance.
     */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(15);

    /** Drops the Kafka metrics this app does not export; install it when creating the registry. */
    public static final MeterFilter METER_FILTER =
            MeterFilter.deny(id -> id.getName().startsWith("kafka.stream.state.")
                    || id.getName().startsWith("kafka.consumer.fetch.manager.records.lead")
                    || id.getName().startsWith("kafka.consumer.fetch.manager.preferred.read.replica"));

    public static final String TASKS_STUCK = "reflect.streams.tasks.stuck";
    public static final String OUTPUT_REFUSED = "reflect.output.refused";
    public static final String OUTPUT_MAX_BYTES = "reflect.output.max";

    private static final Logger LOG = LoggerFactory.getLogger(StreamsMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final PerUserMetrics perUser;
    private final PatternMetrics patterns;
    /** The census' scans and the Kafka binder's refreshes, one thread for both. */
    private final ScheduledExecutorService scheduler;

    private volatile KafkaStreamsMetrics kafkaMetrics;
    private volatile EscalationCensus census;

    private StreamsMetrics(PrometheusMeterRegistry registry, PerUserMetrics perUser, Clock clock) {
        this.registry = registry;
        this.perUser = perUser;
        this.patterns = new PatternMetrics(registry, clock, perUser);
        if (perUser != null) {
            registry.getPrometheusRegistry().register(perUser);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reflect-streams-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param perUserCap users with per-user series on this instance; 0 turns them off
     * @param pseudonym  labels the per-user series; required unless {@code perUserCap} is 0
     */
    public static StreamsMetrics create(
            PrometheusMeterRegistry registry, int perUserCap, Optional<Pseudonym> pseudonym, Clock clock) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        if (perUserCap < 0) {
            throw new IllegalArgumentException("perUserCap must not be negative");
        }
        PerUserMetrics perUser = null;
        if (perUserCap > 0) {
            Pseudonym key = pseudonym.orElseThrow(() -> new ConfigException(
                    "per-user metrics are on but there is no " + Pseudonym.SECRET_VARIABLE + " to label them with"));
            perUser = new PerUserMetrics(perUserCap, key, clock);
        }
        return new StreamsMetrics(registry, perUser, clock);
    }

    /** The {@code topic} label values of {@code reflect_output_refused_total}: bounded, so all exist from the start. */
    static final List<String> REFUSED_TOPIC_LABELS =
            List.of(Topics.ALERTS.name(), Topics.DEADLETTER.name(), "changelog", "repartition", "other");

    /** The label a refused write to {@code topic} counts under. */
    static String refusedTopicLabel(String topic) {
        if (topic.equals(Topics.ALERTS.name()) || topic.equals(Topics.DEADLETTER.name())) {
            return topic;
        }
        if (topic.endsWith("-changelog")) {
            return "changelog";
        }
        return topic.endsWith("-repartition") ? "repartition" : "other";
    }

    /**
     * Registers the app's health figures: {@code reflect_streams_tasks_stuck} (tasks of this
     * instance whose commits stopped while input waits), {@code reflect_output_refused_total{topic}}
     * (writes Kafka refused; the cause is in the log and the readiness reason) and
     * {@code reflect_output_max_bytes{topic}}.
     */
    public void health(IntSupplier stuckTasks, RefusedWrites refusals, OutputLimits limits) {
        Gauge.builder(TASKS_STUCK, stuckTasks, supplier -> supplier.getAsInt())
                .description("Tasks of this instance that have committed nothing for over a minute while input waits")
                .register(registry);
        for (String topic : List.of(Topics.ALERTS.name(), Topics.DEADLETTER.name())) {
            Gauge.builder(OUTPUT_MAX_BYTES, limits, known -> known.limit(topic))
                    .description("The largest record the app sends to an output topic, as it last read the topic's "
                            + "max.message.bytes and its producer's max.request.size")
                    .tag("topic", topic)
                    .baseUnit("bytes")
                    .register(registry);
        }
        Map<String, Counter> refused = new HashMap<>();
        for (String topic : REFUSED_TOPIC_LABELS) {
            refused.put(
                    topic,
                    Counter.builder(OUTPUT_REFUSED)
                            .description(
                                    "Records Kafka refused to take from the app, by topic (changelogs and re-route "
                                            + "topics together)")
                            .tag("topic", topic)
                            .register(registry));
        }
        refusals.countWith(
                (topic, cause) -> refused.get(refusedTopicLabel(topic)).increment());
    }

    /** What the topology reports to. */
    public PatternListener listener() {
        return patterns;
    }

    /** What the dead-letter handlers report to, under {@code DeadLetterTopicConfig.REJECTIONS_CONFIG}. */
    public Consumer<DeadLetterReason> rejections() {
        return patterns::rejected;
    }

    /** The per-user series, when on. */
    public Optional<PerUserMetrics> perUser() {
        return Optional.ofNullable(perUser);
    }

    /** Binds Kafka Streams' metrics and starts the census of its active stores. Call once, before it starts. */
    public void attach(KafkaStreams streams) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, List.of(), scheduler, KAFKA_METRICS_REFRESH);
        binder.bindTo(registry);
        kafkaMetrics = binder;
        EscalationCensus started = new EscalationCensus(
                registry,
                new KafkaActiveUserStates(streams),
                perUser,
                scheduler,
                new MeasureCensus(
                        registry, new ActiveStoreScan<MeasureState>(streams, MeasureStores.MEASURES)::forEach));
        census = started;
        started.start();
    }

    /** Tell on every state change: on RUNNING the census rescans, as the active tasks may have changed. */
    public void stateChanged(KafkaStreams.State newState) {
        EscalationCensus current = census;
        if (current != null && newState == KafkaStreams.State.RUNNING) {
            current.scanSoon();
        }
    }

    @Override
    public void close() {
        EscalationCensus current = census;
        if (current != null) {
            current.close();
        }
        KafkaStreamsMetrics binder = kafkaMetrics;
        if (binder != null) {
            binder.close();
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("A metrics task did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (perUser != null) {
            registry.getPrometheusRegistry().unregister(perUser);
        }
    }
}
