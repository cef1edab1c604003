package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.CHECKED_DEVICE;
import static dev.reflect.events.BehaviorType.CONTROLLED;
import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.events.EscalationLevel.ELEVATED;
import static dev.reflect.events.EscalationLevel.HIGH;
import static dev.reflect.events.EscalationLevel.SEVERE;
import static dev.reflect.events.EscalationLevel.STEADY;
import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.reflect.events.Alert;
import dev.reflect.events.CheckIn;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.progress.EscalationView;
import dev.reflect.streams.progress.ProgressCalculator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of contract section 5, through the real topology. */
class EscalationTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 1);

    @TempDir
    Path stateDir;

    private TopologyHarness reflect;
    private final String user = "u-" + UUID.randomUUID();

    @BeforeEach
    void start() {
        reflect = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        reflect.close();
    }

    @Test
    void reassuranceDoubledAgainstTheDefaultBaselineOfANewUser() {
        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 3).build());
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(
                checkIn(user, D.plusDays(1)).behavior(SOUGHT_REASSURANCE, 2).build());

        List<TestRecord<String, Alert>> records = reflect.alertRecords();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(user);
            Alert alert = record.value();
            assertThat(alert.userId()).isEqualTo(user);
            assertThat(alert.level()).isEqualTo(ELEVATED);
            assertThat(alert.previousLevel()).isEqualTo(STEADY);
            assertThat(alert.rule()).isEqualTo("reassurance_doubled");
            assertThat(alert.day()).isEqualTo(D.plusDays(1));
            assertThat(alert.observed()).isEqualTo(new Alert.Observed(5, 2.0, 0, 0, 0));
            assertThat(alert.message())
                    .isEqualTo("Reassurance requests in the last 7 days (5) are 2.5x the default weekly level (2.0).");
            assertThat(alert.alertId()).isNotNull();
        });
    }

    @Test
    void fourReassuranceAsksAgainstTheDefaultBaselineStaySteady() {
        reflect.send(
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D.plusDays(6)).build());

        assertThat(reflect.alerts()).isEmpty();
        assertThat(reflect.state(user).escalation().level()).isEqualTo(STEADY);
    }

    @Test
    void reassuranceAsksLeaveTheWindowAfterSevenDays() {
        reflect.send(
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D.plusDays(7)).behavior(SOUGHT_REASSURANCE, 4).build());

        assertThat(reflect.alerts()).isEmpty();
    }

    @Test
    void personalBaselineRaisesTheBarOnceEstablished() {
        // 4 asks in each of the three baseline weeks: 4.0 a week, so ELEVATED needs max(5, 8) = 8.
        reflect.send(
                checkIn(user, D.minusDays(27)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D.minusDays(20)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D.minusDays(13)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 7).build());
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 1).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(ELEVATED);
            assertThat(alert.observed().baselineWeeklyAsks()).isEqualTo(4.0);
            assertThat(alert.observed().reassuranceAsks7d()).isEqualTo(8);
            assertThat(alert.message())
                    .isEqualTo("Reassurance requests in the last 7 days (8) are 2.0x the usual weekly level (4.0).");
        });
        assertThat(reflect.progress(user, 1).baselineWeekly().established()).isTrue();
    }

    @Test
    void baselineIsEstablishedWhenTheFirstEventIsFourteenDaysBeforeD() {
        // 8 asks in the baseline weeks: 2.67 a week, so ELEVATED needs max(5, 5.33): 5 asks are not enough.
        reflect.send(
                checkIn(user, D.minusDays(14)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D.minusDays(7)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());

        assertThat(reflect.alerts()).isEmpty();
        assertThat(reflect.progress(user, 1).baselineWeekly().established()).isTrue();
    }

    @Test
    void baselineIsTheDefaultWhenTheFirstEventIsThirteenDaysBeforeD() {
        // The same 5 asks as above; with 13 days of history the default 2.0 a week stands in.
        reflect.send(
                checkIn(user, D.minusDays(13)).behavior(SOUGHT_REASSURANCE, 4).build(),
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(ELEVATED);
            assertThat(alert.observed().baselineWeeklyAsks()).isEqualTo(2.0);
            assertThat(alert.message()).contains("default weekly level (2.0)");
        });
        assertThat(reflect.progress(user, 1).baselineWeekly().established()).isFalse();
    }

    @Test
    void triggerSurgeAtSevenTriggersAgainstTheDefaultBaseline() {
        reflect.send(checkIn(user, D)
                .triggers(TriggerCategory.PARTNER_UNRESPONSIVE, 6)
                .build());
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(checkIn(user, D).trigger(TriggerCategory.PLANS_CHANGED).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(ELEVATED);
            assertThat(alert.previousLevel()).isEqualTo(STEADY);
            assertThat(alert.rule()).isEqualTo("trigger_surge");
            assertThat(alert.observed().triggers7d()).isEqualTo(7);
            assertThat(alert.message())
                    .isEqualTo("Triggers in the last 7 days (7) are 2.3x the default weekly level (3.0).");
        });
    }

    @Test
    void triggerSurgeAgainstAnEstablishedBaseline() {
        // 5 triggers a week in the baseline weeks: the surge needs max(7, 10) = 10.
        for (int week = 3; week >= 1; week--) {
            reflect.send(checkIn(user, D.minusDays(7L * week))
                    .triggers(TriggerCategory.SOCIAL_MEDIA, 5)
                    .build());
        }
        reflect.send(checkIn(user, D).triggers(TriggerCategory.SOCIAL_MEDIA, 9).build());
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(checkIn(user, D).trigger(TriggerCategory.OTHER).build());

        assertThat(reflect.alerts())
                .extracting(Alert::level, Alert::rule)
                .containsExactly(tuple(ELEVATED, "trigger_surge"));
    }

    @Test
    void highOnThreeDeviceChecks() {
        reflect.send(checkIn(user, D).behavior(CHECKED_DEVICE, 2).build());
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(checkIn(user, D.plusDays(2)).behavior(CHECKED_DEVICE, 1).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(HIGH);
            assertThat(alert.previousLevel()).isEqualTo(STEADY);
            assertThat(alert.rule()).isEqualTo("device_checking");
            assertThat(alert.observed().deviceChecks7d()).isEqualTo(3);
            assertThat(alert.message()).isEqualTo("Device checking in the last 7 days (3) reached the threshold of 3.");
        });
    }

    @Test
    void oneDeviceCheckAloneStaysSteady() {
        reflect.send(checkIn(user, D)
                .behavior(CHECKED_DEVICE, 1)
                .behavior(SOUGHT_REASSURANCE, 4)
                .build());

        assertThat(reflect.alerts()).isEmpty();
    }

    @Test
    void highOnOneDeviceCheckWhileElevated() {
        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());
        assertThat(reflect.alerts()).extracting(Alert::level).containsExactly(ELEVATED);

        reflect.send(checkIn(user, D.plusDays(1)).behavior(CHECKED_DEVICE, 1).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(HIGH);
            assertThat(alert.previousLevel()).isEqualTo(ELEVATED);
            assertThat(alert.rule()).isEqualTo("device_checking");
            assertThat(alert.message())
                    .isEqualTo("Device checking in the last 7 days (1) while reassurance "
                            + "requests are elevated (5, default weekly level 2.0).");
        });
    }

    @Test
    void highOnOneDeviceCheckWhileTriggersSurge() {
        reflect.send(checkIn(user, D)
                .triggers(TriggerCategory.PERCEIVED_SECRECY, 7)
                .behavior(CHECKED_DEVICE, 1)
                .build());

        assertThat(reflect.alerts())
                .extracting(Alert::level, Alert::previousLevel, Alert::rule)
                .containsExactly(tuple(HIGH, STEADY, "device_checking"));
    }

    @Test
    void severeOnAnyControllingBehaviour() {
        reflect.send(checkIn(user, D).behavior(CONTROLLED, 1).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(SEVERE);
            assertThat(alert.previousLevel()).isEqualTo(STEADY);
            assertThat(alert.rule()).isEqualTo("controlling");
            assertThat(alert.observed().controlling7d()).isEqualTo(1);
            assertThat(alert.message()).isEqualTo("Controlling behaviour in the last 7 days (1).");
        });
    }

    @Test
    void eachLevelUpIsOneAlertWithItsPreviousLevel() {
        reflect.send(
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build(),
                checkIn(user, D).behavior(SOUGHT_REASSURANCE, 2).build(),
                checkIn(user, D.plusDays(1)).behavior(CHECKED_DEVICE, 1).build(),
                checkIn(user, D.plusDays(1)).behavior(CHECKED_DEVICE, 1).build(),
                checkIn(user, D.plusDays(2)).behavior(CONTROLLED, 1).build(),
                checkIn(user, D.plusDays(2)).behavior(CONTROLLED, 2).build());

        assertThat(reflect.alerts())
                .extracting(Alert::previousLevel, Alert::level, Alert::day)
                .containsExactly(
                        tuple(STEADY, ELEVATED, D),
                        tuple(ELEVATED, HIGH, D.plusDays(1)),
                        tuple(HIGH, SEVERE, D.plusDays(2)));
    }

    @Test
    void goesDownOnlyAfterThreeConsecutiveLowerDays() {
        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());
        assertThat(reflect.alerts()).extracting(Alert::level).containsExactly(ELEVATED);

        // The asks of D stay in the window up to D+6; D+7 and D+8 are the first two lower days.
        for (int day = 1; day <= 8; day++) {
            reflect.send(checkIn(user, D.plusDays(day)).build());
            assertThat(reflect.alerts()).as("day D+%d", day).isEmpty();
        }

        reflect.send(checkIn(user, D.plusDays(9)).build());

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(STEADY);
            assertThat(alert.previousLevel()).isEqualTo(ELEVATED);
            assertThat(alert.rule()).isEqualTo("de_escalation");
            assertThat(alert.day()).isEqualTo(D.plusDays(9));
            assertThat(alert.message()).startsWith("Below ELEVATED for 3 consecutive days, now STEADY.");
        });
        EscalationView view = new ProgressCalculator(reflect.settings.escalation()).escalation(reflect.state(user));
        assertThat(view.level()).isEqualTo(STEADY);
        assertThat(view.since()).isEqualTo(D.plusDays(9));
    }

    @Test
    void doesNotFlapWhenTheConditionReturnsWithinThreeDays() {
        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());
        reflect.alerts();

        // Two lower days, then the condition holds again on the third: no step down, no new alert.
        reflect.send(
                checkIn(user, D.plusDays(7)).build(),
                checkIn(user, D.plusDays(8)).build(),
                checkIn(user, D.plusDays(9)).behavior(SOUGHT_REASSURANCE, 5).build());
        for (int day = 10; day <= 17; day++) {
            reflect.send(checkIn(user, D.plusDays(day)).build());
        }
        assertThat(reflect.alerts()).isEmpty();
        assertThat(reflect.state(user).escalation().level()).isEqualTo(ELEVATED);
        assertThat(reflect.state(user).escalation().since()).isEqualTo(D);

        reflect.send(checkIn(user, D.plusDays(18)).build());

        assertThat(reflect.alerts())
                .extracting(Alert::previousLevel, Alert::level, Alert::day)
                .containsExactly(tuple(ELEVATED, STEADY, D.plusDays(18)));
    }

    @Test
    void quietDaysWithoutDataCountTowardsGoingDown() {
        reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());
        reflect.alerts();

        reflect.send(checkIn(user, D.plusDays(12)).build());

        assertThat(reflect.alerts())
                .extracting(Alert::previousLevel, Alert::level, Alert::day)
                .containsExactly(tuple(ELEVATED, STEADY, D.plusDays(9)));
    }

    @Test
    void stepsDownOneHeldLevelAtATime() {
        reflect.send(
                checkIn(user, D)
                        .behavior(SOUGHT_REASSURANCE, 5)
                        .behavior(CHECKED_DEVICE, 3)
                        .build(),
                checkIn(user, D.plusDays(5)).behavior(SOUGHT_REASSURANCE, 5).build());
        assertThat(reflect.alerts()).extracting(Alert::level).containsExactly(HIGH);

        // Device checks leave the window on D+7 (ELEVATED holds on D+7..D+11), the asks of D+5 on D+12.
        reflect.send(checkIn(user, D.plusDays(20)).build());

        assertThat(reflect.alerts())
                .extracting(Alert::previousLevel, Alert::level, Alert::rule, Alert::day)
                .containsExactly(
                        tuple(HIGH, ELEVATED, "de_escalation", D.plusDays(9)),
                        tuple(ELEVATED, STEADY, "de_escalation", D.plusDays(14)));
    }

    @Test
    void alertsAreStampedWithReceivedAtAndIdenticalOnReprocessing(@TempDir Path otherStateDir) {
        List<CheckIn> input = new ArrayList<>();
        input.add(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());
        input.add(checkIn(user, D.plusDays(1)).behavior(CONTROLLED, 1).build());
        input.add(checkIn(user, D.plusDays(30)).build());
        input.forEach(reflect::send);
        List<TestRecord<String, Alert>> first = reflect.alertRecords();

        List<Alert> replayed;
        try (TopologyHarness again = new TopologyHarness(otherStateDir)) {
            input.forEach(again::send);
            replayed = again.alerts();
        }

        assertThat(first).extracting(TestRecord::value).containsExactlyElementsOf(replayed);
        assertThat(first).extracting(r -> r.value().alertId()).doesNotHaveDuplicates();
        assertThat(first.get(0).getRecordTime()).isEqualTo(input.get(0).receivedAt());
        assertThat(first).extracting(r -> r.value().level()).containsExactly(ELEVATED, SEVERE, STEADY);
    }
}
