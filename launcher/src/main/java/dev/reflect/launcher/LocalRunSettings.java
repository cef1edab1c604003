package dev.reflect.launcher;

import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./reflect run} is configured with, from the environment (see the README's
 * configuration reference) and the command line, which wins.
 *
 * @param bootstrapServers an existing cluster to use, or empty for the embedded broker
 * @param brokers          how many embedded nodes: 1 (the default) is one broker, 3 a cluster as
 *                         production runs it, whose topics get three replicas, two in sync
 */
record LocalRunSettings(
        Optional<String> bootstrapServers, int kafkaPort, Path dataDir, int topicPartitions, int brokers) {

    static final String KAFKA_PORT_VARIABLE = "REFLECT_KAFKA_PORT";
    static final String DATA_DIR_VARIABLE = "REFLECT_DATA_DIR";
    static final String PARTITIONS_VARIABLE = "REFLECT_TOPIC_PARTITIONS";
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_PARTITIONS = 6;
    static final String BROKERS_VARIABLE = "REFLECT_BROKERS";
    static final int MAX_BROKERS = 5;

    static LocalRunSettings from(Env env, Optional<String> bootstrapServersArgument) {
        return from(env, bootstrapServersArgument, Optional.empty());
    }

    /** {@code brokersArgument} ({@code --brokers N}) wins over {@value #BROKERS_VARIABLE}. */
    static LocalRunSettings from(Env env, Optional<String> bootstrapServersArgument, Optional<String> brokersArgument) {
        Env withArguments = brokersArgument
                .map(brokers -> env.with(Map.of(BROKERS_VARIABLE, brokers)))
                .orElse(env);
        return new LocalRunSettings(
                bootstrapServersArgument.or(() -> env.optional(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE)),
                env.integer(KAFKA_PORT_VARIABLE, DEFAULT_KAFKA_PORT, 1, 65535 - MAX_BROKERS),
                Path.of(env.string(DATA_DIR_VARIABLE, ".reflect-data")),
                env.integer(PARTITIONS_VARIABLE, DEFAULT_PARTITIONS, 1, 1000),
                withArguments.integer(BROKERS_VARIABLE, 1, 1, MAX_BROKERS));
    }

    /** Where the embedded Kafka keeps its data: one broker in {@code kafka/}, a cluster in {@code kafka-<n>-nodes/}. */
    Path kafkaDir() {
        return brokers == 1 ? dataDir.resolve("kafka") : dataDir.resolve("kafka-" + brokers + "-nodes");
    }

    /**
     * Where the streams app keeps its state: a store's checkpoint names offsets of one cluster, so
     * a cluster of another size gets a state directory of its own.
     */
    Path streamsStateDir() {
        return brokers == 1 ? dataDir.resolve("streams") : dataDir.resolve("streams-" + brokers + "-nodes");
    }

    /** Where the notifier keeps its outbox; per cluster size, for the same reason as {@link #streamsStateDir()}. */
    Path notifierStateDir() {
        return brokers == 1 ? dataDir.resolve("notifier") : dataDir.resolve("notifier-" + brokers + "-nodes");
    }

    boolean embeddedBroker() {
        return bootstrapServers.isEmpty();
    }
}
