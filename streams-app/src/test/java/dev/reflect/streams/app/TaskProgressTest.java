package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.streams.deadletter.RefusedWrites;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** A task whose commits stop while input waits is stuck after 45 s; one that commits, or has nothing to do, is not. */
class TaskProgressTest {

    private static final TopicPartition INPUT = new TopicPartition("reflect.checkins.v1", 0);

    private final AtomicLong now = new AtomicLong();
    private volatile long committed = 10;
    private volatile long end = 10;
    private final TaskProgress progress = new TaskProgress(this::threads, new RefusedWrites(), now::get);

    private Collection<ThreadMetadata> threads() {
        TaskMetadata task = new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of(INPUT);
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of(INPUT, committed);
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of(INPUT, end);
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
        ThreadMetadata thread = (ThreadMetadata) java.lang.reflect.Proxy.newProxyInstance(
                ThreadMetadata.class.getClassLoader(),
                new Class<?>[] {ThreadMetadata.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "activeTasks" -> Set.of(task);
                    case "standbyTasks" -> Set.of();
                    case "threadName" -> "t-1";
                    default -> null;
                });
        return List.of(thread);
    }

    private void after(Duration time) {
        now.addAndGet(time.toNanos());
        progress.check();
    }

    @Test
    void aTaskThatCommitsNothingWhileInputWaitsIsStuckAfterItsTime() {
        progress.check();
        end = 25;
        after(TaskProgress.STUCK_AFTER.minusSeconds(1));
        assertThat(progress.stuck()).isEmpty();

        after(Duration.ofSeconds(1));

        assertThat(progress.stuck()).containsExactly("0_0");
        assertThat(progress.reason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("0_0"));

        committed = 25;
        after(Duration.ofSeconds(1));
        assertThat(progress.stuck()).isEmpty();
        assertThat(progress.reason()).isEmpty();
    }

    @Test
    void aTaskWithNothingToDoIsNeverStuck() {
        progress.check();
        after(Duration.ofMinutes(10));

        assertThat(progress.stuck()).isEmpty();
    }
}
