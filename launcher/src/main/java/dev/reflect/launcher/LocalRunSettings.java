package dev.reflect.launcher;

import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./reflect run} is configured with, from the environment (see the README's
 * configuration reference) and the command line, which wins.
 *
 * @param bootstrapServers an existing cluster to use, or empty for the embedded broker
 */
record LocalRunSettings(Optional<String> bootstrapServers, int kafkaPort, Path dataDir, int topicPartitions) {

    static final String KAFKA_PORT_VARIABLE = "REFLECT_KAFKA_PORT";
    static final String DATA_DIR_VARIABLE = "REFLECT_DATA_DIR";
    static final String PARTITIONS_VARIABLE = "REFLECT_TOPIC_PARTITIONS";
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_PARTITIONS = 6;

    static LocalRunSettings from(Env env, Optional<String> bootstrapServersArgument) {
        return new LocalRunSettings(
                bootstrapServersArgument.or(() -> env.optional(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE)),
                env.integer(KAFKA_PORT_VARIABLE, DEFAULT_KAFKA_PORT, 1, 65535),
                Path.of(env.string(DATA_DIR_VARIABLE, ".reflect-data")),
                env.integer(PARTITIONS_VARIABLE, DEFAULT_PARTITIONS, 1, 1000));
    }

    boolean embeddedBroker() {
        return bootstrapServers.isEmpty();
    }
}
