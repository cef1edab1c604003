package dev.reflect.streams.query;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Whether this instance's active task for a partition has processed what its input held when it
 * took the partition over: the confirmation an active copy needs before its "no such user" may
 * be believed.
 *
 * <p>A task that has just taken over a partition starts from the last offsets its previous owner
 * committed, or from the beginning if that owner died before its first commit. Until it has
 * processed that backlog, users whose only events are in it are missing from its store, though
 * Kafka Streams is RUNNING and the store complete as far as its changelog goes (a failover test
 * saw a 404 for a user with 60 check-ins this way). Public metadata shows it: the main consumer
 * has no fetch-lag metric yet for one of the task's input partitions (nothing fetched since the
 * assignment) or still a lag to fetch, or the task has fetched records beyond its last commit.
 *
 * <p>Once a task has shown itself caught up, it stays trusted until Kafka Streams hands out new
 * task metadata, which a stream thread does each time it is RUNNING again after a rebalance:
 * under steady load a record is nearly always in flight between fetch and commit, and an unknown
 * user should not get 503 for that. Thread-safe.
 */
final class InputCatchUp {

    static final String FETCH_METRICS_GROUP = "consumer-fetch-manager-metrics";
    static final String RECORDS_LAG = "records-lag";

    /** Per thread and task id, the metadata instance that was last seen caught up. */
    private final Map<String, TaskMetadata> caughtUp = new ConcurrentHashMap<>();

    /**
     * @param partition the store partition, i.e. the task id's partition
     * @param threads   {@code KafkaStreams.metadataForLocalThreads()}
     * @param metrics   {@code KafkaStreams.metrics()}, for the main consumers' per-partition fetch lag
     */
    boolean caughtUp(int partition, Collection<ThreadMetadata> threads, Map<MetricName, ? extends Metric> metrics) {
        List<Map.Entry<ThreadMetadata, TaskMetadata>> tasks = threads.stream()
                .flatMap(thread -> thread.activeTasks().stream()
                        .filter(task -> task.taskId().partition() == partition)
                        .map(task -> Map.entry(thread, task)))
                .toList();
        if (tasks.isEmpty()) {
            return false;
        }
        for (Map.Entry<ThreadMetadata, TaskMetadata> entry : tasks) {
            ThreadMetadata thread = entry.getKey();
            TaskMetadata task = entry.getValue();
            String key = thread.threadName() + "/" + task.taskId();
            if (caughtUp.get(key) == task) {
                continue;
            }
            if (!processedAllFetched(thread, task, metrics)) {
                return false;
            }
            caughtUp.put(key, task);
        }
        return true;
    }

    private static boolean processedAllFetched(
            ThreadMetadata thread, TaskMetadata task, Map<MetricName, ? extends Metric> metrics) {
        for (TopicPartition input : task.topicPartitions()) {
            // No lag metric yet: nothing fetched since the assignment. A lag: more to fetch.
            Double lag = fetchLag(metrics, thread.consumerClientId(), input);
            if (lag == null || lag.isNaN() || lag > 0) {
                return false;
            }
            // Offsets are -1 while unknown: nothing fetched (an empty partition) needs no commit.
            long end = task.endOffsets().getOrDefault(input, -1L);
            long committed = task.committedOffsets().getOrDefault(input, -1L);
            if (end >= 0 && committed < end) {
                return false;
            }
        }
        return true;
    }

    private static Double fetchLag(
            Map<MetricName, ? extends Metric> metrics, String consumerClientId, TopicPartition input) {
        String partition = Integer.toString(input.partition());
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            Map<String, String> tags = name.tags();
            if (RECORDS_LAG.equals(name.name())
                    && FETCH_METRICS_GROUP.equals(name.group())
                    && Objects.equals(consumerClientId, tags.get("client-id"))
                    && input.topic().equals(tags.get("topic"))
                    && partition.equals(tags.get("partition"))) {
                Object value = entry.getValue().metricValue();
                return value instanceof Number number ? number.doubleValue() : null;
            }
        }
        return null;
    }
}
