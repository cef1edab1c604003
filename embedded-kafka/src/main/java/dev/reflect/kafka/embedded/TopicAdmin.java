package dev.reflect.kafka.embedded;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Idempotent topic creation against any cluster: the embedded broker, a container, or a real one. */
public final class TopicAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private TopicAdmin() {}

    /** Replicas of each partition on a cluster of at least this many brokers, and no more. */
    public static final int REPLICATION_FACTOR = 3;
    /** Replicas that must have a write before it counts ({@code acks=all}) when there are three. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    /**
     * Creates those of {@code names} that do not exist yet with {@code partitions} partitions,
     * and returns once the cluster serves every partition of every named topic. An existing
     * topic is left as it is.
     *
     * <p>On a cluster of {@value #REPLICATION_FACTOR} or more brokers each partition gets
     * {@value #REPLICATION_FACTOR} replicas and {@code min.insync.replicas}
     * {@value #MIN_IN_SYNC_REPLICAS}: a write acknowledged to an {@code acks=all} producer is then on
     * two brokers at least, and one broker can be lost without refusing writes. On a smaller
     * cluster the broker's defaults apply (one replica on a single node).
     */
    public static void createTopics(String bootstrapServers, int partitions, String... names) {
        createTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), partitions, names);
    }

    /**
     * The same against a cluster that needs more than an address (SASL, TLS): {@code clientConfig}
     * is the Admin client configuration, bootstrap servers included.
     */
    public static void createTopics(Map<String, ?> clientConfig, int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("A topic needs at least one partition");
        }
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            // Only the missing ones: a principal that may describe the topics but not create them
            // (a service's own, on a cluster with ACLs) then starts against existing topics.
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> topics = Arrays.stream(names)
                    .filter(name -> !existing.contains(name))
                    .map(name -> newTopic(name, partitions, brokers))
                    .toList();
            for (KafkaFuture<Void> created : admin.createTopics(topics).values().values()) {
                try {
                    created.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(names));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + List.of(names), e);
        }
    }

    static NewTopic newTopic(String name, int partitions, int brokers) {
        if (brokers < REPLICATION_FACTOR) {
            return new NewTopic(name, Optional.of(partitions), Optional.empty());
        }
        return new NewTopic(name, Optional.of(partitions), Optional.of((short) REPLICATION_FACTOR))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(MIN_IN_SYNC_REPLICAS)));
    }

    /**
     * The controller acknowledges a creation before the broker's metadata cache has it; a Kafka
     * Streams app started in that gap fails with a missing source topic, so wait it out.
     */
    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean led = descriptions.values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics " + names + " have no leader after " + TIMEOUT);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
