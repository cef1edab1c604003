package dev.reflect.notifier.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The notifier's Kafka Streams configuration; callers add {@code state.dir} and the metrics. */
public final class NotifierStreamsConfig {

    public static final String DEFAULT_APPLICATION_ID = "reflect-notifier";
    /**
     * How often progress (alert offsets and the outbox) is committed. A webhook delivered since the
     * last commit is sent again after a crash, so this bounds such repeats; 1 s costs little here.
     */
    public static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private NotifierStreamsConfig() {}

    /**
     * @param clientConfig the shared Kafka client settings, copied first so the settings below win
     * @param applicationId the consumer group and the prefix of the outbox's changelog
     */
    public static Properties base(Map<String, ?> clientConfig, String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // At least once is what webhooks promise, and it is enough here: the outbox's keys are the
        // webhook ids, so a replayed alert finds its webhooks queued already (or sends them again,
        // under the same id, if they were delivered since the last commit).
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT_INTERVAL.toMillis());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableAlerts.class);
        // A notifier started for the first time reads the alerts already on the topic: an alert
        // raised before it ran is still told. To start from now instead, reset the group's offsets
        // to the latest before the first start (docs/notifier.md).
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }
}
