package dev.reflect.testkit;

import dev.reflect.kafka.embedded.TopicAdmin;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A single-node {@code apache/kafka} container. */
final class ContainerCluster implements KafkaCluster, AutoCloseable {

    private final KafkaContainer container;

    ContainerCluster(KafkaContainer container) {
        this.container = container;
    }

    static ContainerCluster start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(EmbeddedKafkaExtension.KAFKA_IMAGE));
        container.start();
        return new ContainerCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void createTopics(int partitions, String... names) {
        TopicAdmin.createTopics(bootstrapServers(), partitions, names);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + EmbeddedKafkaExtension.KAFKA_IMAGE + " on " + bootstrapServers();
    }
}
