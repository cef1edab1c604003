package dev.reflect.streams.app;

import dev.reflect.streams.deadletter.RefusedWrites;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance's tasks make progress: a task whose committed input offsets have not moved
 * for {@link #STUCK_AFTER} while input waits for it is stuck. That is how every failure that makes
 * a task retry from its last commit again and again looks from outside, whatever the cause (a
 * write Kafka keeps refusing, a changelog that cannot be written, a transaction that always
 * aborts), including one that kills and replaces stream threads slower than the thread failure
 * limit notices. A stuck task takes readiness down with a reason, is logged once at ERROR with its
 * input backlog and the last write Kafka refused (topic and cause, never content), and is counted
 * in {@code reflect_streams_tasks_stuck}. Call {@link #check} every few seconds; thread-safe.
 */
final class TaskProgress {

    static final Duration STUCK_AFTER = Duration.ofSeconds(45);

    private static final Logger log = LoggerFactory.getLogger(TaskProgress.class);

    /** The highest committed offset seen of an input partition, and when it last grew. */
    private record Progress(long committed, long since) {}

    private final Supplier<Collection<ThreadMetadata>> threads;
    private final RefusedWrites refusals;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();

    TaskProgress(Supplier<Collection<ThreadMetadata>> threads, RefusedWrites refusals, LongSupplier nanoTime) {
        this.threads = threads;
        this.refusals = refusals;
        this.nanoTime = nanoTime;
    }

    /**
     * Looks at every active task once. Progress is counted per input partition, by the highest
     * committed offset ever seen here, so a task that a rebalance hands out again (as a failing
     * thread is replaced) does not start its wait over.
     */
    synchronized void check() {
        long now = nanoTime.getAsLong();
        Set<TopicPartition> assigned = new HashSet<>();
        Set<String> nowStuck = new HashSet<>();
        for (ThreadMetadata thread : threads.get()) {
            for (TaskMetadata task : thread.activeTasks()) {
                String id = task.taskId().toString();
                long waiting = 0;
                long stillSince = now;
                for (Map.Entry<TopicPartition, Long> end : task.endOffsets().entrySet()) {
                    TopicPartition partition = end.getKey();
                    assigned.add(partition);
                    long committed = task.committedOffsets().getOrDefault(partition, -1L);
                    Progress before = partitions.get(partition);
                    Progress current = before == null || committed > before.committed()
                            ? new Progress(Math.max(committed, before == null ? -1 : before.committed()), now)
                            : before;
                    partitions.put(partition, current);
                    long behind = end.getValue() - Math.max(current.committed(), 0);
                    if (end.getValue() >= 0 && behind > 0) {
                        waiting += behind;
                        stillSince = Math.min(stillSince, current.since());
                    }
                }
                if (waiting > 0 && now - stillSince >= STUCK_AFTER.toNanos()) {
                    nowStuck.add(id);
                    if (reported.add(id)) {
                        log.error(
                                "Task {} has committed nothing for {} s while {} input records wait for it; {}. "
                                        + "Readiness is down until it moves; see the runbook, ReflectStreamsStuck",
                                id,
                                Duration.ofNanos(now - stillSince).toSeconds(),
                                waiting,
                                lastRefusal());
                    }
                }
            }
        }
        partitions.keySet().retainAll(assigned);
        reported.retainAll(nowStuck);
        stuck.retainAll(nowStuck);
        stuck.addAll(nowStuck);
    }

    /** The stuck tasks' ids. */
    Set<String> stuck() {
        return Set.copyOf(stuck);
    }

    /** Why readiness is down, when a task is stuck. */
    Optional<String> reason() {
        List<String> tasks = stuck.stream().sorted().toList();
        if (tasks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("task " + String.join(", ", tasks) + " has made no progress for over "
                + STUCK_AFTER.toSeconds() + " s; " + lastRefusal());
    }

    private String lastRefusal() {
        return refusals.last()
                .map(r -> "the last write Kafka refused was for " + r.topic() + " (" + r.cause() + ") at " + r.at())
                .orElse("Kafka has refused no write");
    }
}
