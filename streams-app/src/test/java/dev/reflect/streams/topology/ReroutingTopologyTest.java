package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Topics;
import dev.reflect.streams.progress.Progress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events a producer wrote to another partition than Java's default partitioner would (kcat and
 * every librdkafka client by default) take the re-route topic to their person's partition, and
 * count there exactly as if they had been written in place.
 */
class ReroutingTopologyTest {

    private static final int PARTITIONS = 6;
    private static final LocalDate D = LocalDate.of(2026, 11, 20);
    private static final InputPartitioning PARTITIONING = new InputPartitioning(PARTITIONS);

    @TempDir
    Path placedDir;

    @TempDir
    Path reroutedDir;

    /** A user id the default partitioner puts in {@code partition} of 6. */
    private static String userIn(int partition, String prefix) {
        return IntStream.range(0, 10_000)
                .mapToObj(i -> prefix + i)
                .filter(id -> PARTITIONING.partitionOf(id) == partition)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMisplacedPersonCountsExactlyAsAPlacedOne() {
        // The driver puts every record in partition 0: this user belongs in another one.
        String user = userIn(4, "u-misplaced-");
        List<CheckIn> checkIns = List.of(
                checkIn(user, D.minusDays(2)).behavior(SOUGHT_REASSURANCE, 2).build(),
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 4).build());
        JournalEntry entry = journal(user, D, 80, 30);
        CountingListener rerouted = new CountingListener();

        Progress asPlaced;
        List<Object> placedAlerts;
        try (TopologyHarness placed = new TopologyHarness(placedDir, TopologySettings.defaults(), rerouted, 1)) {
            placed.send(checkIns.toArray(CheckIn[]::new)).send(entry);
            placedAlerts = List.copyOf(placed.alerts());
            asPlaced = placed.progress(user, 7);
        }
        assertThat(rerouted.topics).as("one partition: nothing is misplaced").isEmpty();

        try (TopologyHarness misplaced =
                new TopologyHarness(reroutedDir, TopologySettings.defaults(), rerouted, PARTITIONS)) {
            misplaced.send(checkIns.toArray(CheckIn[]::new)).send(entry);
            // The same check-in again, as a client retry: still counted once.
            misplaced.send(checkIns.get(1));

            assertThat(misplaced.alerts()).isEqualTo(placedAlerts);
            assertThat(misplaced.progress(user, 7)).isEqualTo(asPlaced);
            assertThat(misplaced.deadLetters()).isEmpty();
        }
        assertThat(asPlaced.escalation().level()).isEqualTo(EscalationLevel.ELEVATED);
        assertThat(rerouted.topics)
                .containsExactly(
                        Topics.CHECKINS.name(), Topics.CHECKINS.name(), Topics.JOURNAL.name(), Topics.CHECKINS.name());
    }

    @Test
    void aPersonAlreadyInPlaceTakesNoHop() {
        String user = userIn(0, "u-placed-");
        CountingListener rerouted = new CountingListener();
        try (TopologyHarness reflect =
                new TopologyHarness(placedDir, TopologySettings.defaults(), rerouted, PARTITIONS)) {
            reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());

            assertThat(reflect.state(user).day(D).reassuranceAsks()).isEqualTo(5);
        }
        assertThat(rerouted.topics).isEmpty();
    }

    @Test
    void eachInputHasItsOwnRerouteTopicNamedAfterTheApplication() {
        TopologyDescription description =
                ReflectTopology.build(TopologySettings.defaults()).describe();

        assertThat(description.toString())
                .contains(ReflectTopology.CHECKINS_REROUTE + "-repartition")
                .contains(ReflectTopology.JOURNAL_REROUTE + "-repartition");
    }

    private static final class CountingListener implements PatternListener {
        final List<String> topics = new CopyOnWriteArrayList<>();

        @Override
        public void rerouted(String topic) {
            topics.add(topic);
        }
    }
}
