package dev.reflect.streams.app;

import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.OutputLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link OutputLimits} in step with the cluster: reads {@code max.message.bytes} of the
 * output topics (alerts, dead letters) now and every {@link #REFRESH}, as an operator may change
 * it while the app runs, and the producer's {@code max.request.size} from the app's settings. A
 * failed read keeps what was known; the production exception handler still lowers a limit the
 * moment the broker refuses a record.
 */
final class OutputTopicLimits implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final List<String> OUTPUTS = List.of(Topics.ALERTS.name(), Topics.DEADLETTER.name());
    /** Room for a transaction's commit or abort marker (a record batch of one control record), with a margin. */
    static final int TRANSACTION_MARKER_ROOM = 128;

    private static final Logger LOG = LoggerFactory.getLogger(OutputTopicLimits.class);

    private final OutputLimits limits;
    private final Admin admin;
    private final ScheduledExecutorService scheduler;

    private OutputTopicLimits(OutputLimits limits, Admin admin) {
        this.limits = limits;
        this.admin = admin;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reflect-output-limits");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts keeping {@code limits} up to date against the cluster the Streams {@code properties} name. */
    static OutputTopicLimits start(OutputLimits limits, Properties properties) {
        Map<String, Object> streamsConfig = new HashMap<>();
        properties.forEach((key, value) -> streamsConfig.put(key.toString(), value));
        limits.maxRequestSize(maxRequestSize(streamsConfig));
        Map<String, Object> config = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (streamsConfig.containsKey(name)) {
                config.put(name, streamsConfig.get(name));
            }
        }
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFRESH.toMillis());
        OutputTopicLimits refresher = new OutputTopicLimits(limits, Admin.create(config));
        var unused = refresher.scheduler.scheduleWithFixedDelay(
                refresher::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return refresher;
    }

    /** The producer's max.request.size as the app's settings give it, plain or with Streams' producer prefix. */
    static int maxRequestSize(Map<String, Object> clientConfig) {
        Object value = clientConfig.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = clientConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (value == null) {
            return OutputLimits.DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return OutputLimits.DEFAULT_MAX_REQUEST_SIZE;
        }
    }

    void refresh() {
        List<ConfigResource> topics = OUTPUTS.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        try {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(topics).all().get(REFRESH.toMillis(), TimeUnit.MILLISECONDS);
            configs.forEach((resource, config) -> {
                ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    int bytes = Integer.parseInt(entry.value());
                    if (bytes < TRANSACTION_MARKER_ROOM && limits.limit(resource.name()) >= TRANSACTION_MARKER_ROOM) {
                        LOG.error(
                                "{} takes records of at most {} bytes, less than a transaction marker: no exactly-once "
                                        + "transaction writing to it can finish; raise its max.message.bytes",
                                resource.name(),
                                bytes);
                    }
                    limits.topicLimit(resource.name(), bytes);
                }
            });
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug(
                    "Could not read the output topics' max.message.bytes: {}",
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
