package dev.reflect.testkit;

import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An in-JVM broker on a temporary data directory that is deleted when the cluster closes. */
final class EmbeddedCluster implements KafkaCluster, AutoCloseable {

    private final Path dataDir;
    private final EmbeddedKafkaBroker broker;

    private EmbeddedCluster(Path dataDir, EmbeddedKafkaBroker broker) {
        this.dataDir = dataDir;
        this.broker = broker;
    }

    static EmbeddedCluster start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("reflect-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new EmbeddedCluster(dataDir, new EmbeddedKafkaBroker(dataDir, 0).start());
        } catch (RuntimeException e) {
            deleteRecursively(dataDir);
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void createTopics(int partitions, String... names) {
        broker.createTopics(partitions, names);
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the broker's temporary data directory", e);
        }
    }

    @Override
    public String toString() {
        return "embedded Kafka on " + broker.bootstrapServers();
    }
}
