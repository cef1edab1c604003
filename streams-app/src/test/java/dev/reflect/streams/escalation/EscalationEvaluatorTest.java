package dev.reflect.streams.escalation;

import static dev.reflect.events.BehaviorType.CHECKED_DEVICE;
import static dev.reflect.events.BehaviorType.CONTROLLED;
import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.events.EscalationLevel.ELEVATED;
import static dev.reflect.events.EscalationLevel.HIGH;
import static dev.reflect.events.EscalationLevel.SEVERE;
import static dev.reflect.events.EscalationLevel.STEADY;
import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.reflect.events.Alert;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.state.UserState;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationEvaluatorTest {

    private static final LocalDate D = LocalDate.of(2026, 6, 1);
    private final EscalationEvaluator evaluator = new EscalationEvaluator(EscalationThresholds.defaults());

    @Test
    void steadyWithoutData() {
        assertThat(evaluator.evaluate("u", UserState.empty())).isEmpty();
        UserState state = UserState.empty();
        state.add(checkIn("u", D).build());
        assertThat(evaluator.assess(state, D).level()).isEqualTo(STEADY);
        assertThat(evaluator.assess(state, D).rule()).isNull();
    }

    @Test
    void rulesInOrderOfSeverity() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D)
                .behavior(SOUGHT_REASSURANCE, 5)
                .triggers(TriggerCategory.OTHER, 7)
                .build());
        assertThat(evaluator.assess(state, D).rule()).isEqualTo(EscalationRule.REASSURANCE_DOUBLED);
        assertThat(evaluator.assess(state, D).triggerSurge()).isTrue();

        state.add(checkIn("u", D).behavior(CHECKED_DEVICE, 1).build());
        assertThat(evaluator.assess(state, D).rule()).isEqualTo(EscalationRule.DEVICE_CHECKING);

        state.add(checkIn("u", D).behavior(CONTROLLED, 1).build());
        assertThat(evaluator.assess(state, D).level()).isEqualTo(SEVERE);
        assertThat(evaluator.assess(state, D).rule()).isEqualTo(EscalationRule.CONTROLLING);
    }

    @Test
    void theWindowsAreRecentSevenDaysAndTheThreeWeeksBefore() {
        UserState state = UserState.empty();
        state.add(
                checkIn("u", D.minusDays(28)).behavior(SOUGHT_REASSURANCE, 100).build());
        state.add(checkIn("u", D.minusDays(27)).behavior(SOUGHT_REASSURANCE, 3).build());
        state.add(checkIn("u", D.minusDays(7)).behavior(SOUGHT_REASSURANCE, 3).build());
        state.add(checkIn("u", D.minusDays(6)).behavior(SOUGHT_REASSURANCE, 1).build());
        state.add(checkIn("u", D).behavior(SOUGHT_REASSURANCE, 1).build());

        Assessment assessment = evaluator.assess(state, D);

        assertThat(assessment.recent().reassuranceAsks()).isEqualTo(2);
        assertThat(assessment.baseline()).isEqualTo(new PersonalBaseline(2.0, 0.0, true));
    }

    @Test
    void everyThresholdIsConfigurable() {
        EscalationThresholds strict = new EscalationThresholds(7, 3, 14, 1.0, 1.0, 2, 2.0, 3, 2.0, 2, 1, 2, 1, false);
        EscalationEvaluator evaluator = new EscalationEvaluator(strict);
        UserState state = UserState.empty();
        state.add(checkIn("u", D).behavior(SOUGHT_REASSURANCE, 2).build());
        assertThat(evaluator.assess(state, D).level()).isEqualTo(ELEVATED);
        state.add(checkIn("u", D).behavior(CONTROLLED, 1).build());
        assertThat(evaluator.assess(state, D).level())
                .as("SEVERE needs 2 controlling acts")
                .isEqualTo(ELEVATED);
        state.add(checkIn("u", D)
                .behavior(CONTROLLED, 1)
                .behavior(CHECKED_DEVICE, 1)
                .build());
        assertThat(evaluator.assess(state, D).level()).isEqualTo(SEVERE);
    }

    @Test
    void proratedBaselineDoesNotDiluteAYoungHistory() {
        // 6 asks a week for the 8 days between D-14 and D-7: a steady habit, not an escalation.
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(14)).behavior(SOUGHT_REASSURANCE, 3).build());
        state.add(checkIn("u", D.minusDays(10)).behavior(SOUGHT_REASSURANCE, 3).build());
        state.add(checkIn("u", D.minusDays(3)).behavior(SOUGHT_REASSURANCE, 3).build());
        state.add(checkIn("u", D).behavior(SOUGHT_REASSURANCE, 3).build());

        Assessment contract = evaluator.assess(state, D);
        Assessment prorated = new EscalationEvaluator(
                        EscalationThresholds.defaults().withProratedYoungBaseline(true))
                .assess(state, D);

        assertThat(contract.baseline().weeklyAsks()).isEqualTo(2.0);
        assertThat(contract.level()).isEqualTo(ELEVATED);
        assertThat(prorated.baseline().weeklyAsks()).isEqualTo(6.0 * 7 / 8);
        assertThat(prorated.level()).isEqualTo(STEADY);
    }

    @Test
    void aLateEventReEvaluatesTheLatestDayButNeverRewritesThePast() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D).build());
        evaluator.evaluate("u", state);
        state.add(checkIn("u", D.minusDays(3)).behavior(CHECKED_DEVICE, 3).build());

        List<Alert> alerts = evaluator.evaluate("u", state);

        assertThat(alerts).extracting(Alert::level, Alert::day).containsExactly(tuple(HIGH, D));
        assertThat(state.escalation().lastEvaluatedDay()).isEqualTo(D);
    }

    @Test
    void alertIdsAreDeterministicAndDistinctPerChange() {
        assertThat(EscalationEvaluator.alertId("u", 1, D, STEADY, ELEVATED))
                .isEqualTo(EscalationEvaluator.alertId("u", 1, D, STEADY, ELEVATED))
                .isNotEqualTo(EscalationEvaluator.alertId("u", 2, D, STEADY, ELEVATED))
                .isNotEqualTo(EscalationEvaluator.alertId("v", 1, D, STEADY, ELEVATED));
    }

    @Test
    void withOneDayHysteresisTheSameDayCanGoDownAndUpWithDistinctAlerts() {
        EscalationEvaluator quick =
                new EscalationEvaluator(EscalationThresholds.defaults().withDeescalationDays(1));
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(14)).build());
        state.add(checkIn("u", D).behavior(SOUGHT_REASSURANCE, 5).build());
        List<Alert> up = quick.evaluate("u", state);
        // A late baseline week raises the bar on the same day: down at once, then up again.
        state.add(checkIn("u", D.minusDays(13)).behavior(SOUGHT_REASSURANCE, 4).build());
        state.add(checkIn("u", D.minusDays(8)).behavior(SOUGHT_REASSURANCE, 4).build());
        List<Alert> down = quick.evaluate("u", state);
        state.add(checkIn("u", D).behavior(SOUGHT_REASSURANCE, 1).build());
        List<Alert> upAgain = quick.evaluate("u", state);

        assertThat(up).extracting(Alert::level).containsExactly(ELEVATED);
        assertThat(down).extracting(Alert::level).containsExactly(STEADY);
        assertThat(upAgain).extracting(Alert::level).containsExactly(ELEVATED);
        assertThat(List.of(
                        up.get(0).alertId(),
                        down.get(0).alertId(),
                        upAgain.get(0).alertId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void thresholdsRefuseNonsense() {
        assertThatThrownBy(() -> new EscalationThresholds(0, 3, 14, 2, 3, 5, 2, 7, 2, 3, 1, 1, 3, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationThresholds.defaults().withDeescalationDays(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationThresholds.defaults().withDefaultBaseline(-1, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
