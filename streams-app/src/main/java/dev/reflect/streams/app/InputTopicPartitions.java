package dev.reflect.streams.app;

import dev.reflect.service.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The partition count of the input topics, read from the cluster once, when the first task starts
 * (the app itself starts without a reachable cluster, as Kafka Streams does): the topology
 * re-routes an event that sits in another partition than its userId hashes to, which it can only
 * tell knowing the count. The input topics must all have the same one (each person's events of
 * every kind meet in one task); otherwise the tasks fail to start, saying which topic has what.
 */
final class InputTopicPartitions {

    private InputTopicPartitions() {}

    /** A supplier that reads the count from the cluster on first use and remembers it. */
    static IntSupplier fromCluster(Map<String, ?> clientConfig, List<String> inputs, Duration timeout) {
        List<String> topics = List.copyOf(inputs);
        Map<String, Object> config = Map.copyOf(clientConfig);
        AtomicInteger known = new AtomicInteger();
        return () -> {
            int count = known.get();
            if (count == 0) {
                count = read(config, topics, timeout);
                known.set(count);
            }
            return count;
        };
    }

    static int read(Map<String, ?> clientConfig, List<String> inputs, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Map<String, Integer> counts = new TreeMap<>();
        try (Admin admin = Admin.create(config)) {
            Map<String, TopicDescription> described =
                    admin.describeTopics(inputs).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            described.forEach((name, description) ->
                    counts.put(name, description.partitions().size()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException("The input topics " + inputs + " must exist before the streams app starts "
                        + "(./reflect run creates them; on a real cluster create them with the same partition count)");
            }
            throw new ConfigException("Could not read the input topics' partition counts: "
                    + e.getCause().getClass().getSimpleName());
        } catch (TimeoutException e) {
            throw new ConfigException("Could not read the input topics' partition counts within " + timeout
                    + ": is the Kafka cluster reachable?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while reading the input topics' partition counts");
        }
        if (counts.values().stream().distinct().count() != 1) {
            throw new ConfigException("The input topics must have the same number of partitions, but they have "
                    + counts + ": a person's events of every kind must meet in one task");
        }
        return counts.values().iterator().next();
    }
}
