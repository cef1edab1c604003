package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.streams.EventFixtures.checkIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.deadletter.OutputLimits;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output the broker would refuse is never sent (issue 18): under exactly-once a refused record
 * fails its whole transaction, and the retry would meet it again. An alert too large for its topic
 * becomes a dead letter with reason output-too-large; a dead letter too large for its own topic is
 * dropped and counted; everything else goes on.
 */
class RefusedOutputTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    @TempDir
    Path stateDir;

    private final OutputLimits limits = new OutputLimits();
    private final Recording listener = new Recording();
    private final String user = "u-" + UUID.randomUUID();

    private TopologyHarness reflect() {
        return new TopologyHarness(
                stateDir,
                TopologySettings.defaults(),
                TopologyRuntime.standalone()
                        .withListener(listener)
                        .withInputPartitions(() -> 1)
                        .withOutputLimits(limits));
    }

    @Test
    void anAlertLargerThanItsTopicTakesIsDeadLetteredWholeWithItsReasonAndCounted() throws Exception {
        limits.topicLimit(Topics.ALERTS.name(), 300);
        try (TopologyHarness reflect = reflect()) {
            reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 6).build());

            assertThat(reflect.alerts()).isEmpty();
            List<TestRecord<byte[], byte[]>> letters = reflect.deadLetters();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(new String(letter.key(), UTF_8)).isEqualTo(user);
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON))
                        .isEqualTo("output-too-large");
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                        .isEqualTo(Topics.ALERTS.name());
                Alert alert = Json.mapper().readValue(letter.value(), Alert.class);
                assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED);
                assertThat(alert.userId()).isEqualTo(user);
            });
            // The person's state moved on all the same: the alert is not retried for ever.
            assertThat(reflect.state(user).escalation().level()).isEqualTo(EscalationLevel.ELEVATED);
        }
        assertThat(listener.rejected).containsExactly(DeadLetterReason.OUTPUT_TOO_LARGE);
    }

    @Test
    void alertsThatFitAreSentAsBefore() {
        limits.topicLimit(Topics.ALERTS.name(), 1_000_000);
        try (TopologyHarness reflect = reflect()) {
            reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 6).build());

            assertThat(reflect.alerts()).hasSize(1);
            assertThat(reflect.deadLetters()).isEmpty();
        }
    }

    @Test
    void aDeadLetterLargerThanTheDeadLetterTopicTakesIsDroppedCountedAndProcessingGoesOn() {
        limits.topicLimit(Topics.DEADLETTER.name(), 600);
        try (TopologyHarness reflect = reflect()) {
            reflect.sendRawCheckIn(user.getBytes(UTF_8), "x".repeat(500).getBytes(UTF_8), null);
            reflect.sendRawCheckIn(user.getBytes(UTF_8), "short".getBytes(UTF_8), null);
            reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 1).build());

            assertThat(reflect.deadLetters())
                    .singleElement()
                    .satisfies(letter ->
                            assertThat(new String(letter.value(), UTF_8)).isEqualTo("short"));
            assertThat(reflect.state(user).day(D).reassuranceAsks()).isEqualTo(1);
        }
        assertThat(listener.dropped).hasValue(1);
        assertThat(listener.rejected).containsExactly(DeadLetterReason.NOT_JSON, DeadLetterReason.NOT_JSON);
    }

    private static final class Recording implements PatternListener {
        final List<DeadLetterReason> rejected = new CopyOnWriteArrayList<>();
        final AtomicInteger dropped = new AtomicInteger();

        @Override
        public void rejected(DeadLetterReason reason) {
            rejected.add(reason);
        }

        @Override
        public void deadLetterDropped() {
            dropped.incrementAndGet();
        }
    }
}
