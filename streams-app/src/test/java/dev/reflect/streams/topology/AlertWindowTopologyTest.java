package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.CONTROLLED;
import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.events.EscalationLevel.ELEVATED;
import static dev.reflect.events.EscalationLevel.SEVERE;
import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.CheckIn;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert window of growing partitions (docs/scaling.md): the application that rebuilds a history
 * received before the cut-over holds back that history's alerts, yet remembers them as announced,
 * so its first alert sent follows on from the last one its predecessor sent.
 */
class AlertWindowTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 1);

    @TempDir
    Path stateDir;

    private TopologyHarness reflect;
    private final String user = "u-" + UUID.randomUUID();

    @AfterEach
    void stop() {
        reflect.close();
    }

    @Test
    void alertsOfChangesReceivedBeforeTheCutOverAreHeldBackAndCountAsAnnounced() {
        CheckIn asks = checkIn(user, D).behavior(SOUGHT_REASSURANCE, 3).build();
        CheckIn more =
                checkIn(user, D.plusDays(1)).behavior(SOUGHT_REASSURANCE, 2).build();
        CheckIn controlled =
                checkIn(user, D.plusDays(2)).behavior(CONTROLLED, 1).build();
        Instant cutOver = controlled.receivedAt().minusSeconds(1);
        assertThat(more.receivedAt()).isBefore(cutOver);
        reflect = new TopologyHarness(
                stateDir,
                TopologySettings.builder().announcing(AlertWindow.from(cutOver)).build(),
                PatternListener.NONE);

        reflect.send(asks, more);
        reflect.settle();

        assertThat(reflect.alerts()).as("the predecessor announced ELEVATED").isEmpty();
        assertThat(reflect.state(user).escalation().level()).isEqualTo(ELEVATED);

        reflect.send(controlled);
        reflect.settle();

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(SEVERE);
            assertThat(alert.previousLevel())
                    .as("follows on from the held-back change")
                    .isEqualTo(ELEVATED);
        });
    }

    @Test
    void withoutAWindowTheSameHistoryIsAnnouncedInFull() {
        reflect = new TopologyHarness(stateDir);

        reflect.send(
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 3).build(),
                checkIn(user, D.plusDays(1)).behavior(SOUGHT_REASSURANCE, 2).build(),
                checkIn(user, D.plusDays(2)).behavior(CONTROLLED, 1).build());
        reflect.settle();

        assertThat(reflect.alerts()).extracting(alert -> alert.level()).containsExactly(ELEVATED, SEVERE);
    }
}
