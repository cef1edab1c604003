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
import dev.reflect.events.CheckIn;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.state.UserState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationEvaluatorTest {

    private static final LocalDate D = LocalDate.of(2026, 6, 1);
    private static final int RETENTION = 90;
    private final EscalationEvaluator evaluator = new EscalationEvaluator(EscalationThresholds.defaults(), RETENTION);

    /** Counts one event as the topology does, and announces at once (a settle time of zero). */
    private static List<Alert> count(EscalationEvaluator evaluator, UserState state, CheckIn event) {
        LocalDate firstDayBefore = state.firstDay();
        LocalDate day = state.add(event);
        evaluator.evaluate(state, day, firstDayBefore);
        state.pruneBefore(state.latestDay().minusDays(RETENTION - 1L));
        return evaluator.announce("u", state);
    }

    private List<Alert> count(UserState state, CheckIn event) {
        return count(evaluator, state, event);
    }

    @Test
    void steadyWithoutData() {
        assertThat(evaluator.announce("u", UserState.empty())).isEmpty();
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
        EscalationRules evaluator = new EscalationRules(strict);
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
        Assessment prorated =
                new EscalationRules(EscalationThresholds.defaults().withProratedYoungBaseline(true)).assess(state, D);

        assertThat(contract.baseline().weeklyAsks()).isEqualTo(2.0);
        assertThat(contract.level()).isEqualTo(ELEVATED);
        assertThat(prorated.baseline().weeklyAsks()).isEqualTo(6.0 * 7 / 8);
        assertThat(prorated.level()).isEqualTo(STEADY);
    }

    @Test
    void aLateEventRewritesTheHistoryFromItsDayAndTheAlertIsDatedWhenTheRuleFirstHeld() {
        UserState state = UserState.empty();
        count(state, checkIn("u", D).build());

        List<Alert> alerts = count(
                state, checkIn("u", D.minusDays(3)).behavior(CHECKED_DEVICE, 3).build());

        // In time order the device checks of D-3 would have raised HIGH on D-3: so does the late copy.
        assertThat(alerts)
                .extracting(Alert::previousLevel, Alert::level, Alert::day, Alert::rule)
                .containsExactly(tuple(STEADY, HIGH, D.minusDays(3), "device_checking"));
        assertThat(state.escalation().since()).isEqualTo(D.minusDays(3));
        assertThat(state.escalation().evaluatedTo()).isEqualTo(D);
    }

    @Test
    void theHistoryIsTheSameWhateverTheOrderOfTheEvents() {
        List<CheckIn> life = List.of(
                checkIn("u", D.minusDays(20)).behavior(SOUGHT_REASSURANCE, 1).build(),
                checkIn("u", D.minusDays(13)).behavior(SOUGHT_REASSURANCE, 1).build(),
                checkIn("u", D.minusDays(6)).behavior(SOUGHT_REASSURANCE, 3).build(),
                checkIn("u", D.minusDays(5)).behavior(SOUGHT_REASSURANCE, 3).build(),
                checkIn("u", D.minusDays(4)).behavior(CHECKED_DEVICE, 1).build(),
                checkIn("u", D).build());
        UserState inOrder = UserState.empty();
        List<Alert> inOrderAlerts = new ArrayList<>();
        life.forEach(event -> inOrderAlerts.addAll(count(inOrder, event)));
        UserState reversed = UserState.empty();
        List<CheckIn> backwards = new ArrayList<>(life);
        Collections.reverse(backwards);
        backwards.forEach(event -> {
            LocalDate firstDayBefore = reversed.firstDay();
            evaluator.evaluate(reversed, reversed.add(event), firstDayBefore);
        });
        List<Alert> reversedAlerts = evaluator.announce("u", reversed);

        assertThat(reversed.escalation().changes())
                .isEqualTo(inOrder.escalation().changes());
        assertThat(reversedAlerts).isEqualTo(inOrderAlerts);
        assertThat(inOrderAlerts)
                .extracting(Alert::previousLevel, Alert::level, Alert::day)
                .containsExactly(tuple(STEADY, ELEVATED, D.minusDays(5)), tuple(ELEVATED, HIGH, D.minusDays(4)));
    }

    @Test
    void aRiseLaterTheSameDayAfterAnAlertIsAnnouncedFromTheAnnouncedLevel() {
        UserState state = UserState.empty();
        List<Alert> elevated =
                count(state, checkIn("u", D).behavior(SOUGHT_REASSURANCE, 5).build());
        List<Alert> high =
                count(state, checkIn("u", D).behavior(CHECKED_DEVICE, 1).build());

        assertThat(elevated).extracting(Alert::previousLevel, Alert::level).containsExactly(tuple(STEADY, ELEVATED));
        assertThat(high)
                .extracting(Alert::previousLevel, Alert::level, Alert::day, Alert::rule)
                .containsExactly(tuple(ELEVATED, HIGH, D, "device_checking"));
        // The history itself has one change that day, as the same events counted together give.
        assertThat(state.escalation().changes())
                .extracting(change -> change.previous(), change -> change.level())
                .containsExactly(tuple(STEADY, HIGH));
    }

    @Test
    void anAnnouncedChangeThatLaterEventsDisproveIsCorrected() {
        UserState state = UserState.empty();
        count(state, checkIn("u", D.minusDays(14)).build());
        List<Alert> up =
                count(state, checkIn("u", D).behavior(SOUGHT_REASSURANCE, 5).build());
        // Late baseline weeks raise the bar to max(5, 2 x 8 / 3): the person was never ELEVATED
        // on D. No 7-day window of those weeks holds 5 asks, so they raise nothing themselves.
        List<Alert> quiet = count(
                state,
                checkIn("u", D.minusDays(14)).behavior(SOUGHT_REASSURANCE, 4).build());
        List<Alert> corrected = count(
                state,
                checkIn("u", D.minusDays(7)).behavior(SOUGHT_REASSURANCE, 4).build());

        assertThat(up).extracting(Alert::level, Alert::day).containsExactly(tuple(ELEVATED, D));
        assertThat(quiet).isEmpty();
        assertThat(corrected).singleElement().satisfies(alert -> {
            assertThat(alert.previousLevel()).isEqualTo(ELEVATED);
            assertThat(alert.level()).isEqualTo(STEADY);
            assertThat(alert.day()).isEqualTo(D);
            assertThat(alert.rule()).isEqualTo("de_escalation");
            assertThat(alert.message())
                    .startsWith("Correction: entries that arrived later show STEADY on " + D
                            + ", not ELEVATED as announced.");
        });
        assertThat(state.escalation().level()).isEqualTo(STEADY);

        // Three more asks that day do reach the raised bar: ELEVATED again, a new alert.
        List<Alert> upAgain =
                count(state, checkIn("u", D).behavior(SOUGHT_REASSURANCE, 3).build());
        assertThat(upAgain)
                .extracting(Alert::previousLevel, Alert::level, Alert::day)
                .containsExactly(tuple(STEADY, ELEVATED, D));
        assertThat(List.of(
                        up.get(0).alertId(),
                        corrected.get(0).alertId(),
                        upAgain.get(0).alertId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void nothingNewToSayAnnouncesNothing() {
        UserState state = UserState.empty();
        assertThat(count(state, checkIn("u", D).behavior(SOUGHT_REASSURANCE, 5).build()))
                .hasSize(1);
        assertThat(count(state, checkIn("u", D).behavior(SOUGHT_REASSURANCE, 1).build()))
                .isEmpty();
        assertThat(evaluator.announce("u", state)).isEmpty();
        assertThat(state.escalation().announcements()).isEqualTo(1);
    }

    @Test
    void historyOlderThanTheKeptDaysIsForgottenButTheCurrentChangeStays() {
        UserState state = UserState.empty();
        count(state, checkIn("u", D).behavior(CONTROLLED, 1).build());
        count(state, checkIn("u", D.plusDays(10)).build());
        List<Alert> later = count(state, checkIn("u", D.plusDays(200)).build());

        assertThat(later).isEmpty();
        assertThat(state.escalation().changes()).isEmpty();
        assertThat(state.escalation().base()).isNotNull();
        assertThat(state.escalation().level()).isEqualTo(STEADY);
        assertThat(state.escalation().since()).isEqualTo(D.plusDays(9));
        assertThat(state.escalation().windowStart()).isEqualTo(D.plusDays(200 - RETENTION + 1));
    }

    @Test
    void alertIdsAreDeterministicAndDistinctPerChange() {
        assertThat(EscalationEvaluator.alertId("u", 1, D, STEADY, ELEVATED))
                .isEqualTo(EscalationEvaluator.alertId("u", 1, D, STEADY, ELEVATED))
                .isNotEqualTo(EscalationEvaluator.alertId("u", 2, D, STEADY, ELEVATED))
                .isNotEqualTo(EscalationEvaluator.alertId("v", 1, D, STEADY, ELEVATED));
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
