package dev.reflect.streams.app;

import dev.reflect.streams.deadletter.RefusedWrites;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
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

    /** What was last seen of a task: its committed offsets and since when they have not moved. */
    private record Seen(Map<TopicPartition, Long> committed, long since, boolean reported) {}

    private final Supplier<Collection<ThreadMetadata>> threads;
    private final RefusedWrites refusals;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();

    TaskProgress(Supplier<Collection<ThreadMetadata>> threads, RefusedWrites refusals, LongSupplier nanoTime) {
        this.threads = threads;
        this.refusals = refusals;
        this.nanoTime = nanoTime;
    }

    /** Looks at every active task once. */
    synchronized void check() {
        long now = nanoTime.getAsLong();
        Map<String, Seen> next = new HashMap<>();
        for (ThreadMetadata thread : threads.get()) {
            for (TaskMetadata task : thread.activeTasks()) {
                String id = task.taskId().toString();
                Map<TopicPartition, Long> committed = Map.copyOf(task.committedOffsets());
                Seen before = seen.get(id);
                Seen now1 = before == null || !before.committed().equals(committed)
                        ? new Seen(committed, now, false)
                        : before;
                long waiting = waiting(task);
                boolean isStuck = waiting > 0 && now - now1.since() >= STUCK_AFTER.toNanos();
                if (isStuck && !now1.reported()) {
                    log.error(
                            "Task {} has committed nothing for {} s while {} input records wait for it; {}. Readiness is "
                                    + "down until it moves; see the runbook, ReflectStreamsStuck",
                            id,
                            Duration.ofNanos(now - now1.since()).toSeconds(),
                            waiting,
                            lastRefusal());
                    now1 = new Seen(now1.committed(), now1.since(), true);
                }
                if (isStuck) {
                    stuck.add(id);
                } else {
                    stuck.remove(id);
                }
                next.put(id, now1);
            }
        }
        stuck.retainAll(next.keySet());
        seen.clear();
        seen.putAll(next);
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

    /** Input records the task has not committed: end offsets as last fetched, minus committed. */
    private static long waiting(TaskMetadata task) {
        long waiting = 0;
        for (Map.Entry<TopicPartition, Long> end : task.endOffsets().entrySet()) {
            long committed = task.committedOffsets().getOrDefault(end.getKey(), -1L);
            if (end.getValue() >= 0) {
                waiting += end.getValue() - Math.max(committed, 0);
            }
        }
        return waiting;
    }
}
