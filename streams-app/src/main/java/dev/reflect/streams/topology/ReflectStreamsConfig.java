package dev.reflect.streams.topology;

import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetterDeserializationExceptionHandler;
import dev.reflect.streams.deadletter.DeadLetterProcessingExceptionHandler;
import dev.reflect.streams.deadletter.RefusedWriteHandler;
import dev.reflect.streams.state.SeenEventsRocksDbConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one base Kafka Streams configuration of the streams app. Callers add what is theirs
 * ({@code application.server}, {@code state.dir}) on the returned properties.
 */
public final class ReflectStreamsConfig {

    public static final String DEFAULT_APPLICATION_ID = "reflect-streams";
    /** max.message.bytes of the internal topics: room for the largest input record, twice over. */
    public static final int INTERNAL_TOPIC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private ReflectStreamsConfig() {}

    /** Defaults: application id {@code reflect-streams}, no standby replicas. */
    public static Properties base(String bootstrapServers) {
        return base(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DEFAULT_APPLICATION_ID, 0);
    }

    /**
     * @param clientConfig    the shared Kafka client settings (bootstrap servers, security), e.g. from
     *                        service-common's {@code KafkaClientConfig}; copied first, so the settings below win
     * @param applicationId   the consumer group and prefix of internal topics; instances of one app share it
     * @param standbyReplicas warm copies of each store on other instances, so queries keep answering
     *                        and fail-over is quick while an instance restarts
     */
    public static Properties base(Map<String, ?> clientConfig, String applicationId, int standbyReplicas) {
        Objects.requireNonNull(applicationId, "applicationId");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative");
        }
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // State and alerts must commit together: an alert per level change, exactly once, also
        // after a crash (contract section 5).
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, OccurredAtTimestampExtractor.class);
        // The topology dead-letters invalid records itself; these handlers catch what slips
        // through (a throwing processor, a typed source) and write to the same topic with the
        // same headers, so one bad record never stops the app.
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEADLETTER.name());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingExceptionHandler.class);
        // The default from Kafka 5.0 on; the topology has no global store, so this only opts in early.
        // Deprecated as a setting because 5.0 makes it the only behaviour.
        @SuppressWarnings("deprecation")
        String globalHandler = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
        props.put(globalHandler, true);
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class);
        // A refused write is never skipped silently, nor dead-lettered from the producer's I/O thread.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedWriteHandler.class);
        // Changelogs and re-route topics carry whole input records (a check-in may be 1 MiB plus the
        // ingest service's fields): their topics must take what the input topics take.
        props.put(
                StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(INTERNAL_TOPIC_MAX_MESSAGE_BYTES));
        props.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), INTERNAL_TOPIC_MAX_MESSAGE_BYTES);
        // The dedup store's lookups mostly miss; Kafka Streams' RocksDB defaults assume hits.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SeenEventsRocksDbConfig.class);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return props;
    }
}
