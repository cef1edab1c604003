package dev.reflect.testkit;

/**
 * The Kafka cluster an integration test runs against, injected by {@link EmbeddedKafkaExtension}.
 * It is shared by every test in the JVM: create your own topics with unique names (or use unique
 * user ids on the contract topics) and never stop it — a fault test starts a dedicated
 * {@code EmbeddedKafkaBroker} instead.
 */
public interface KafkaCluster {

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /**
     * Creates those of {@code names} that do not exist yet with {@code partitions} partitions, and
     * returns once the cluster serves them. Existing topics are left as they are.
     */
    void createTopics(int partitions, String... names);
}
