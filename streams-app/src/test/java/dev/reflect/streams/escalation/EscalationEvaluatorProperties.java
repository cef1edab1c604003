package dev.reflect.streams.escalation;

import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.TriggerCategory;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.UserStateSerde;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The hysteresis against a reference model, and the history's independence of the order events
 * arrive in. Feeding days in order, the rules' level of any past day never changes afterwards, so
 * the levels the evaluator went through (read off its alerts) must be exactly: up to today's rule
 * level when it is higher; down to the highest rule level of the last k days when all of them
 * were lower; unchanged otherwise. Days without data count. Fed in any other order and announced
 * once the input has settled, the same events must give the same history and the same alerts.
 */
class EscalationEvaluatorProperties {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);
    private static final String USER = "u-property";
    private static final int RETENTION = 90;

    /** One day of a user's life; a null day in a life means no data that day. */
    record Day(int asks, int deviceChecks, int controlling, int triggers) {}

    private static Gen<Day> day() {
        Gen<Day> day = ints(0, 6)
                .zip(
                        Gens.frequency(weighted(8, Gens.just(0)), weighted(2, Gens.just(1)), weighted(1, Gens.just(3))),
                        Gens.frequency(weighted(30, Gens.just(0)), weighted(1, Gens.just(1))),
                        ints(0, 8),
                        Day::new);
        return Gens.orNull(day, 0.3);
    }

    private static Gen<List<Day>> lives() {
        return Gens.lists(day(), 1, 70);
    }

    @Test
    void levelsFollowTheReferenceModel() {
        PropertyCheck.tries(300).forAll(lives(), ints(1, 5), EscalationEvaluatorProperties::followsTheReferenceModel);
    }

    private static void followsTheReferenceModel(List<Day> life, int deescalationDays) {
        EscalationThresholds thresholds = EscalationThresholds.defaults().withDeescalationDays(deescalationDays);
        EscalationEvaluator evaluator = new EscalationEvaluator(thresholds, RETENTION);
        Outcome outcome = feed(life, evaluator, false);
        UserState state = outcome.state();
        List<Alert> alerts = outcome.alerts();
        if (state.isEmpty()) {
            assertThat(alerts).isEmpty();
            return;
        }

        Map<LocalDate, EscalationLevel> actual = trajectory(alerts, state.firstDay(), state.latestDay());
        EscalationLevel model = EscalationLevel.STEADY;
        List<EscalationLevel> ruleLevels = new ArrayList<>();
        for (LocalDate day = state.firstDay(); !day.isAfter(state.latestDay()); day = day.plusDays(1)) {
            EscalationLevel today = evaluator.assess(state, day).level();
            ruleLevels.add(today);
            if (today.isAbove(model)) {
                model = today;
            } else if (ruleLevels.size() >= deescalationDays) {
                EscalationLevel held =
                        ruleLevels.subList(ruleLevels.size() - deescalationDays, ruleLevels.size()).stream()
                                .max(Enum::compareTo)
                                .orElseThrow();
                if (model.isAbove(held)) {
                    model = held;
                }
            }
            assertThat(actual.get(day)).as("level on %s", day).isEqualTo(model);
        }
        assertThat(state.escalation().level()).isEqualTo(model);
    }

    @Test
    void alertsChainAndAreOnePerChange() {
        PropertyCheck.tries(200).forAll(lives(), EscalationEvaluatorProperties::alertsChainOnePerChange);
    }

    private static void alertsChainOnePerChange(List<Day> life) {
        Outcome outcome = feed(life, new EscalationEvaluator(EscalationThresholds.defaults(), RETENTION), false);
        UserState state = outcome.state();
        List<Alert> alerts = outcome.alerts();

        EscalationLevel level = EscalationLevel.STEADY;
        for (Alert alert : alerts) {
            assertThat(alert.previousLevel()).isEqualTo(level);
            assertThat(alert.level()).isNotEqualTo(level);
            if (level.isAbove(alert.level())) {
                assertThat(alert.rule()).isEqualTo(EscalationRule.DE_ESCALATION.wireName());
            } else {
                assertThat(alert.rule()).isNotEqualTo(EscalationRule.DE_ESCALATION.wireName());
            }
            assertThat(alert.message()).isNotBlank().doesNotContain("u-property");
            level = alert.level();
        }
        assertThat(state.escalation().level()).isEqualTo(level);
        assertThat(state.escalation().announcements()).isEqualTo(alerts.size());
        assertThat(alerts).extracting(Alert::alertId).doesNotHaveDuplicates();
    }

    @Test
    void aRestartAfterEveryDayChangesNothing() {
        PropertyCheck.tries(200).forAll(lives(), EscalationEvaluatorProperties::restartsChangeNothing);
    }

    private static void restartsChangeNothing(List<Day> life) {
        EscalationEvaluator evaluator = new EscalationEvaluator(EscalationThresholds.defaults(), RETENTION);
        Outcome uninterrupted = feed(life, evaluator, false);

        Outcome restarted = feed(life, evaluator, true);

        assertThat(restarted.alerts()).isEqualTo(uninterrupted.alerts());
        assertThat(restarted.state()).isEqualTo(uninterrupted.state());
    }

    @Test
    void anyOrderGivesTheSameHistoryAndAlertsAsTimeOrder() {
        PropertyCheck.tries(300).forAll(lives(), Gens.longs(), EscalationEvaluatorProperties::anyOrder);
    }

    private static void anyOrder(List<Day> life, long shuffleSeed) {
        EscalationEvaluator evaluator = new EscalationEvaluator(EscalationThresholds.defaults(), RETENTION);
        Outcome inOrder = feed(life, evaluator, false);
        List<CheckIn> events = events(life);
        Collections.shuffle(events, new Random(shuffleSeed));

        UserState shuffled = UserState.empty();
        for (CheckIn event : events) {
            LocalDate firstDayBefore = shuffled.firstDay();
            evaluator.evaluate(shuffled, shuffled.add(event), firstDayBefore);
        }
        // Announced once the input has settled, as a backfill is.
        List<Alert> alerts = evaluator.announce(USER, shuffled);

        assertThat(shuffled.days()).isEqualTo(inOrder.state().days());
        assertThat(shuffled.escalation().changes())
                .usingElementComparator((a, b) -> a.sameChange(b) ? 0 : 1)
                .containsExactlyElementsOf(inOrder.state().escalation().changes());
        assertThat(shuffled.escalation().level())
                .isEqualTo(inOrder.state().escalation().level());
        assertThat(shuffled.escalation().since())
                .isEqualTo(inOrder.state().escalation().since());
        assertThat(shuffled.escalation().message())
                .isEqualTo(inOrder.state().escalation().message());
        // One event a day: time order announces the same changes one by one, with the same ids.
        assertThat(alerts).isEqualTo(inOrder.alerts());
    }

    @Test
    void inTimeOrderPruningOldDaysChangesNoAlert() {
        PropertyCheck.tries(100)
                .forAll(Gens.lists(day(), 100, 240), EscalationEvaluatorProperties::pruningChangesNothing);
    }

    private static void pruningChangesNothing(List<Day> life) {
        Outcome pruned = feed(life, new EscalationEvaluator(EscalationThresholds.defaults(), RETENTION), false);
        Outcome kept = feed(life, new EscalationEvaluator(EscalationThresholds.defaults(), 1000), false);

        assertThat(pruned.alerts()).isEqualTo(kept.alerts());
        assertThat(pruned.state().escalation().lastChange())
                .isEqualTo(kept.state().escalation().lastChange());
    }

    /** What feeding a life left behind. */
    record Outcome(UserState state, List<Alert> alerts) {}

    /**
     * Feeds the life in day order, announcing after each day; with {@code restart}, the state goes
     * through the serde after every day, as it does through the store and changelog.
     */
    private static Outcome feed(List<Day> life, EscalationEvaluator evaluator, boolean restart) {
        List<Alert> alerts = new ArrayList<>();
        UserState state = UserState.empty();
        for (CheckIn event : events(life)) {
            LocalDate firstDayBefore = state.firstDay();
            evaluator.evaluate(state, state.add(event), firstDayBefore);
            state.pruneBefore(state.latestDay().minusDays(evaluator.retentionDays() - 1L));
            alerts.addAll(evaluator.announce(USER, state));
            if (restart) {
                state = UserStateSerde.deserialize(UserStateSerde.serialize(state));
            }
        }
        return new Outcome(state, alerts);
    }

    /** The life's check-ins in time order: one a day with data. */
    private static List<CheckIn> events(List<Day> life) {
        List<CheckIn> events = new ArrayList<>();
        for (int i = 0; i < life.size(); i++) {
            Day day = life.get(i);
            if (day == null) {
                continue;
            }
            EventFixtures.CheckInBuilder checkIn =
                    EventFixtures.checkIn(USER, START.plusDays(i)).triggers(TriggerCategory.OTHER, day.triggers());
            addIfAny(checkIn, BehaviorType.SOUGHT_REASSURANCE, day.asks());
            addIfAny(checkIn, BehaviorType.CHECKED_DEVICE, day.deviceChecks());
            addIfAny(checkIn, BehaviorType.CONTROLLED, day.controlling());
            events.add(checkIn.build());
        }
        return events;
    }

    private static void addIfAny(EventFixtures.CheckInBuilder checkIn, BehaviorType type, int count) {
        if (count > 0) {
            checkIn.behavior(type, count);
        }
    }

    /** The level on each day, from the alerts: a day's level is that of its last alert, or the day before's. */
    private static Map<LocalDate, EscalationLevel> trajectory(List<Alert> alerts, LocalDate from, LocalDate to) {
        Map<LocalDate, EscalationLevel> lastAlertOfDay = new HashMap<>();
        for (Alert alert : alerts) {
            lastAlertOfDay.put(alert.day(), alert.level());
        }
        Map<LocalDate, EscalationLevel> levels = new HashMap<>();
        EscalationLevel level = EscalationLevel.STEADY;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            level = lastAlertOfDay.getOrDefault(day, level);
            levels.put(day, level);
        }
        return levels;
    }
}
