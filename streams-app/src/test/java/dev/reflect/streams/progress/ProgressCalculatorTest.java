package dev.reflect.streams.progress;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.Score;
import dev.reflect.streams.state.UserState;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressCalculatorTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 26);
    private final ProgressCalculator calculator = new ProgressCalculator(EscalationThresholds.defaults());

    @Test
    void dayFiguresFollowTheContract() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D)
                .distress(7)
                .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                .behavior(BehaviorType.CHECKED_DEVICE, 1)
                .coping(CopingStrategy.CHALLENGED_THOUGHT)
                .build());
        state.add(checkIn("u", D).distress(4).build());
        state.add(journal("u", D, 80, 35));

        Progress progress = calculator.progress("u-123", state, 1);

        assertThat(progress.asOf()).isEqualTo(D);
        assertThat(progress.days())
                .containsExactly(new DayProgress(
                        D,
                        2,
                        5.5,
                        Map.of(TriggerCategory.PARTNER_UNRESPONSIVE, 1),
                        Map.of(BehaviorType.SOUGHT_REASSURANCE, 3, BehaviorType.CHECKED_DEVICE, 1),
                        3,
                        1,
                        0,
                        Map.of(CopingStrategy.CHALLENGED_THOUGHT, 1),
                        1,
                        -45.0));
    }

    @Test
    void seriesHasEveryDayOldestFirstWithEmptyDaysAsZeros() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(2)).distress(6).build());
        state.add(checkIn("u", D).distress(2).build());

        List<DayProgress> days = calculator.progress("u", state, 5).days();

        assertThat(days)
                .extracting(DayProgress::date)
                .containsExactly(D.minusDays(4), D.minusDays(3), D.minusDays(2), D.minusDays(1), D);
        DayProgress empty = days.get(3);
        assertThat(empty.checkIns()).isZero();
        assertThat(empty.distressAvg()).isNull();
        assertThat(empty.beliefShiftAvg()).isNull();
        assertThat(empty.triggers()).isEmpty();
        assertThat(days.get(2).distressAvg()).isEqualTo(6.0);
    }

    @Test
    void windowSumsTheLastSevenDaysAndRatiosCopingToTriggers() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(7)).trigger(TriggerCategory.OTHER).build());
        state.add(checkIn("u", D.minusDays(6))
                .distress(5)
                .trigger(TriggerCategory.OTHER)
                .trigger(TriggerCategory.SOCIAL_MEDIA)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 4)
                .coping(CopingStrategy.SELF_CARE)
                .coping(CopingStrategy.CHALLENGED_THOUGHT)
                .build());
        state.add(checkIn("u", D)
                .distress(6)
                .trigger(TriggerCategory.PLANS_CHANGED)
                .behavior(BehaviorType.CONTROLLED, 1)
                .build());
        state.add(journal("u", D.minusDays(3), 80, 50));
        state.add(journal("u", D, 60, 50));
        state.add(journal("u", D, null, null));

        Window7d window = calculator.progress("u", state, 7).window7d();

        assertThat(window).isEqualTo(new Window7d(2, 3, 4, 0, 1, 0.67, 5.5, -20.0));
    }

    @Test
    void copingRatioIsNullWithoutTriggers() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D).coping(CopingStrategy.SELF_CARE).build());

        assertThat(calculator.progress("u", state, 7).window7d().copingRatio()).isNull();
    }

    @Test
    void baselineIsTheDefaultUntilFourteenDaysOfHistory() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(13))
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 9)
                .build());
        state.add(checkIn("u", D).build());
        assertThat(calculator.progress("u", state, 7).baselineWeekly()).isEqualTo(new BaselineWeekly(2.0, 3.0, false));

        state.add(checkIn("u", D.minusDays(14))
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 1)
                .triggers(TriggerCategory.OTHER, 2)
                .build());
        // D-27..D-7 holds 9 + 1 asks and 2 triggers, as weekly figures over 3 weeks.
        assertThat(calculator.progress("u", state, 7).baselineWeekly()).isEqualTo(new BaselineWeekly(3.3, 0.7, true));
    }

    @Test
    void escalationBeforeAnyChangeIsSteadySinceTheFirstDay() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D.minusDays(3))
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 2)
                .build());
        state.add(checkIn("u", D).build());
        EventFixtures.escalate("u", state);

        EscalationView view = calculator.escalation(state);

        assertThat(view.level()).isEqualTo(EscalationLevel.STEADY);
        assertThat(view.since()).isEqualTo(D.minusDays(3));
        assertThat(view.rule()).isNull();
        assertThat(view.observed().reassuranceAsks7d()).isEqualTo(2);
    }

    @Test
    void escalationAfterAChangeRepeatsTheAlert() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D).behavior(BehaviorType.SOUGHT_REASSURANCE, 5).build());
        var alerts = EventFixtures.escalate("u", state);

        EscalationView view = calculator.escalation(state);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(view.level()).isEqualTo(alert.level());
            assertThat(view.since()).isEqualTo(alert.day());
            assertThat(view.rule()).isEqualTo(alert.rule()).isEqualTo("reassurance_doubled");
            assertThat(view.observed()).isEqualTo(alert.observed());
            assertThat(view.message()).isEqualTo(alert.message());
        });
        assertThat(calculator.progress("u", state, 3).escalation()).isEqualTo(view.summary());
    }

    @Test
    void measuresCarryTheLatestScoreBandFirstScoreAndChangeUnderTheInstrument() {
        UserState state = UserState.empty();
        state.add(checkIn("u", D).distress(3).build());
        MeasureState measures = MeasureState.empty();
        measures.add(Score.of(EventFixtures.gad7("u", D.minusDays(14), 13)));
        measures.add(Score.of(EventFixtures.gad7("u", D, 7)));

        JsonNode json =
                Json.mapper().valueToTree(calculator.progress("u", state, 7).withMeasures(measures.summaries()));

        JsonNode gad7 = json.get("measures").get("GAD7");
        assertThat(gad7.get("latestScore").asInt()).isEqualTo(7);
        assertThat(gad7.get("band").asText()).isEqualTo("mild");
        assertThat(gad7.get("firstScore").asInt()).isEqualTo(13);
        assertThat(gad7.get("firstBand").asText()).isEqualTo("moderate");
        assertThat(gad7.get("change").asText()).isEqualTo("reliable_improvement");
        assertThat(gad7.get("points").asInt()).isEqualTo(-6);
        assertThat(gad7.get("count").asInt()).isEqualTo(2);
    }

    @Test
    void jsonHasTheContractsNames() throws Exception {
        UserState state = UserState.empty();
        state.add(checkIn("u", D)
                .distress(7)
                .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                .build());
        EventFixtures.escalate("u", state);

        JsonNode json = Json.mapper().valueToTree(calculator.progress("u-123", state, 2));

        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly(
                        "userId", "pseudonym", "asOf", "days", "window7d", "baselineWeekly", "escalation", "measures");
        // Contract section 10: the person's measures, none answered yet.
        assertThat(json.get("measures").isObject()).isTrue();
        assertThat(json.get("measures")).isEmpty();
        assertThat(json.get("asOf").asText()).isEqualTo("2026-11-26");
        JsonNode day = json.get("days").get(1);
        assertThat(day.fieldNames())
                .toIterable()
                .containsExactly(
                        "date",
                        "checkIns",
                        "distressAvg",
                        "triggers",
                        "behaviors",
                        "reassuranceAsks",
                        "deviceChecks",
                        "controlling",
                        "coping",
                        "thoughtRecords",
                        "beliefShiftAvg");
        assertThat(day.get("triggers").get("PARTNER_UNRESPONSIVE").asInt()).isEqualTo(1);
        assertThat(day.get("beliefShiftAvg").isNull()).isTrue();
        assertThat(json.get("window7d").fieldNames())
                .toIterable()
                .containsExactly(
                        "checkIns",
                        "triggers",
                        "reassuranceAsks",
                        "deviceChecks",
                        "controlling",
                        "copingRatio",
                        "distressAvg",
                        "beliefShiftAvg");
        assertThat(json.get("window7d").get("copingRatio").asDouble()).isEqualTo(0.0);
        assertThat(json.get("baselineWeekly").fieldNames())
                .toIterable()
                .containsExactly("reassuranceAsks", "triggers", "established");
        assertThat(json.get("escalation").fieldNames())
                .toIterable()
                .containsExactly("level", "since", "rule", "message");
        assertThat(Json.mapper().valueToTree(calculator.escalation(state)).fieldNames())
                .toIterable()
                .containsExactly("level", "since", "rule", "observed", "message");
    }

    @Test
    void carriesThePseudonymThatLabelsTheUsersMetrics() {
        Pseudonym pseudonym = Pseudonym.withSecret("progress-test-pseudonym-secret-0123456789".getBytes(UTF_8));
        UserState state = UserState.empty();
        state.add(checkIn("u-123", D).build());

        Progress progress = new ProgressCalculator(EscalationThresholds.defaults(), Optional.of(pseudonym))
                .progress("u-123", state, 7);

        assertThat(progress.pseudonym()).isEqualTo(pseudonym.of("u-123")).doesNotContain("u-123");
        assertThat(calculator.progress("u-123", state, 7).pseudonym())
                .as("without a pseudonym secret")
                .isNull();
    }

    @Test
    void progressReadsBackFromJson() throws Exception {
        UserState state = UserState.empty();
        state.add(checkIn("u", D)
                .trigger(TriggerCategory.OTHER)
                .coping(CopingStrategy.SELF_CARE)
                .build());
        Progress progress = calculator.progress("u", state, 3);

        byte[] json = Json.mapper().writeValueAsBytes(progress);

        assertThat(Json.mapper().readValue(json, Progress.class)).isEqualTo(progress);
    }

    @Test
    void refusesUnknownUsersAndOutOfRangeDays() {
        assertThatThrownBy(() -> calculator.progress("u", UserState.empty(), 7))
                .isInstanceOf(IllegalArgumentException.class);
        UserState state = UserState.empty();
        state.add(checkIn("u", D).build());
        assertThatThrownBy(() -> calculator.progress("u", state, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calculator.progress("u", state, 91)).isInstanceOf(IllegalArgumentException.class);
    }
}
