package dev.reflect.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class InputCatchUpTest {

    private static final String CONSUMER = "app-StreamThread-1-consumer";
    private static final TopicPartition CHECKINS = new TopicPartition("checkins", 2);
    private static final TopicPartition JOURNAL = new TopicPartition("journal", 2);

    private final InputCatchUp catchUp = new InputCatchUp();
    private final Map<MetricName, Metric> metrics = new HashMap<>();

    @Test
    void aTaskThatHasCommittedEverythingFetchedHasCaughtUp() {
        lag(CHECKINS, 0);
        lag(JOURNAL, 0);
        TaskMetadata task = task(2, Map.of(CHECKINS, 118L), Map.of(CHECKINS, 117L));

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isTrue();
    }

    @Test
    void aTaskTakenOverBeforeItsFirstFetchHasNot() {
        // The failover case: the previous owner never committed, nothing fetched yet.
        TaskMetadata task = task(2, Map.of(), Map.of());

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isFalse();
    }

    @Test
    void aTaskWithFetchedButUnprocessedRecordsHasNot() {
        lag(CHECKINS, 0);
        lag(JOURNAL, 0);
        TaskMetadata task = task(2, Map.of(), Map.of(CHECKINS, 57L));

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isFalse();
    }

    @Test
    void aTaskWithMoreToFetchHasNot() {
        lag(CHECKINS, 300);
        lag(JOURNAL, 0);
        TaskMetadata task = task(2, Map.of(CHECKINS, 40L), Map.of(CHECKINS, 40L));

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isFalse();
    }

    @Test
    void anotherConsumersLagSaysNothingAboutThisTask() {
        metrics.put(
                new MetricName(
                        InputCatchUp.RECORDS_LAG,
                        InputCatchUp.FETCH_METRICS_GROUP,
                        "",
                        Map.of("client-id", "other-consumer", "topic", CHECKINS.topic(), "partition", "2")),
                value(0));
        lag(JOURNAL, 0);
        TaskMetadata task = task(2, Map.of(), Map.of());

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isFalse();
    }

    @Test
    void emptyInputPartitionsOnceFetchedNeedNoCommit() {
        lag(CHECKINS, 0);
        lag(JOURNAL, 0);
        TaskMetadata task = task(2, Map.of(), Map.of());

        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isTrue();
    }

    @Test
    void noActiveTaskForThePartitionHereIsNoConfirmation() {
        lag(CHECKINS, 0);
        lag(JOURNAL, 0);

        assertThat(catchUp.caughtUp(3, List.of(thread(task(2, Map.of(), Map.of()))), metrics))
                .isFalse();
    }

    @Test
    void aTaskOnceCaughtUpStaysTrustedUntilNewMetadataButNewMetadataMustProveItAgain() {
        lag(CHECKINS, 0);
        lag(JOURNAL, 0);
        Map<TopicPartition, Long> committed = new HashMap<>(Map.of(CHECKINS, 10L));
        Map<TopicPartition, Long> end = new HashMap<>(Map.of(CHECKINS, 10L));
        TaskMetadata task = task(2, committed, end);
        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isTrue();

        // A record fetched, not yet committed: steady load, not a takeover.
        end.put(CHECKINS, 11L);
        assertThat(catchUp.caughtUp(2, List.of(thread(task)), metrics)).isTrue();

        // A rebalance hands out new metadata: the same lag now counts again.
        TaskMetadata reassigned = task(2, committed, end);
        assertThat(catchUp.caughtUp(2, List.of(thread(reassigned)), metrics)).isFalse();
    }

    private void lag(TopicPartition partition, double lag) {
        metrics.put(
                new MetricName(
                        InputCatchUp.RECORDS_LAG,
                        InputCatchUp.FETCH_METRICS_GROUP,
                        "",
                        Map.of(
                                "client-id",
                                CONSUMER,
                                "topic",
                                partition.topic(),
                                "partition",
                                Integer.toString(partition.partition()))),
                value(lag));
    }

    private static Metric value(double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    private static TaskMetadata task(
            int partition, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        TaskId id = new TaskId(0, partition);
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return id;
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of(CHECKINS, JOURNAL);
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return committed;
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return end;
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }

    private static ThreadMetadata thread(TaskMetadata... active) {
        return new ThreadMetadata() {
            @Override
            public String threadState() {
                return "RUNNING";
            }

            @Override
            public String threadName() {
                return "app-StreamThread-1";
            }

            @Override
            public Set<TaskMetadata> activeTasks() {
                return Set.of(active);
            }

            @Override
            public Set<TaskMetadata> standbyTasks() {
                return Set.of();
            }

            @Override
            public String consumerClientId() {
                return CONSUMER;
            }

            @Override
            public String restoreConsumerClientId() {
                return "app-StreamThread-1-restore-consumer";
            }

            @Override
            public Set<String> producerClientIds() {
                return Set.of();
            }

            @Override
            public String adminClientId() {
                return "app-admin";
            }
        };
    }
}
