package dev.reflect.simulator.persona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.ReflectEvent;
import dev.reflect.streams.escalation.EscalationEvaluator;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The personas really land where they are meant to under the streams app's own
 * {@link EscalationEvaluator}, fed event by event in the order seeding sends them, as the
 * aggregator does: escalating ones at their level and rule at the end of history and while live
 * traffic goes on, calm ones STEADY throughout, without a single alert.
 */
class PersonaEscalationTest {

    private static final EscalationEvaluator EVALUATOR = new EscalationEvaluator(
            EscalationThresholds.defaults(), TopologySettings.defaults().retentionDays());

    /** A user's state as the streams app would hold it, and the alerts it raised. */
    private static final class Replay {
        final UserState state = UserState.empty();
        final List<Alert> alerts = new ArrayList<>();

        void add(String userId, ReflectEvent event) {
            LocalDate firstDayBefore = state.firstDay();
            EVALUATOR.evaluate(state, state.add(event), firstDayBefore);
            state.pruneBefore(state.latestDay().minusDays(EVALUATOR.retentionDays() - 1L));
            alerts.addAll(EVALUATOR.announce(userId, state));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261126, -7})
    void everyPersonaEndsItsHistoryAtItsIntendedLevel(long seed) {
        // Different times of day matter: early in the morning most of "today" has not happened yet.
        for (String time : List.of("2026-11-26T00:03:00Z", "2026-11-26T11:30:00Z", "2026-11-26T23:58:00Z")) {
            Instant now = Instant.parse(time);
            for (SimulatedUser user : Population.create(50, seed, "demo-")) {
                Replay replay = seeded(user, 42, now);
                assertIntended(user, replay, "after the history, seed " + seed + " at " + time);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 14, 28, 89})
    void shortAndLongHistoriesReachTheSameLevels(int historyDays) {
        Instant now = Instant.parse("2026-11-26T18:00:00Z");
        for (SimulatedUser user : Population.create(30, 5, "demo-")) {
            assertIntended(user, seeded(user, historyDays, now), historyDays + " days of history");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 9})
    void levelsHoldThroughTwoDaysOfBusyLiveTraffic(long seed) {
        Instant now = Instant.parse("2026-11-26T15:00:00Z");
        List<SimulatedUser> users = Population.create(12, seed, "demo-");
        List<UserSimulation> simulations = new ArrayList<>();
        List<Replay> replays = new ArrayList<>();
        for (SimulatedUser user : users) {
            UserSimulation simulation = new UserSimulation(user, 42, 99);
            Replay replay = new Replay();
            UserSimulation.History history = simulation.history(now);
            history.checkIns().forEach(event -> replay.add(user.userId(), event));
            history.journalEntries().forEach(event -> replay.add(user.userId(), event));
            simulations.add(simulation);
            replays.add(replay);
        }
        // 2 events a second for two days is far more than a person sends: calm personas must stay under the floors
        // anyway.
        Random picks = new Random(seed);
        Instant at = now;
        for (int i = 0; i < 2 * 24 * 3600 * 2 / 20; i++) {
            at = at.plus(Duration.ofSeconds(10));
            int index = picks.nextInt(users.size());
            ReflectEvent event = simulations.get(index).liveEvent(at, picks.nextDouble() < 0.3);
            replays.get(index).add(users.get(index).userId(), event);
        }
        for (int i = 0; i < users.size(); i++) {
            assertIntended(users.get(i), replays.get(i), "after two days of live traffic, seed " + seed);
        }
    }

    private static Replay seeded(SimulatedUser user, int historyDays, Instant now) {
        UserSimulation.History history = new UserSimulation(user, historyDays, 0).history(now);
        Replay replay = new Replay();
        // The order seeding sends them in: all check-ins, then the journal.
        history.checkIns().forEach(event -> replay.add(user.userId(), event));
        history.journalEntries().forEach(event -> replay.add(user.userId(), event));
        return replay;
    }

    private static void assertIntended(SimulatedUser user, Replay replay, String when) {
        String who = user.userId() + " (" + user.persona() + ") " + when;
        Persona persona = user.persona();
        assertThat(replay.state.escalation().level()).as(who).isEqualTo(persona.intendedLevel());
        if (persona.escalating()) {
            assertThat(replay.state.escalation().rule().wireName())
                    .as(who)
                    .isEqualTo(persona.intendedRule().orElseThrow());
            // Only ever upwards: the demo shows a climb, not a flapping level.
            assertThat(replay.alerts)
                    .as(who)
                    .isNotEmpty()
                    .allSatisfy(alert -> assertThat(alert.level().isAbove(alert.previousLevel()))
                            .isTrue());
            assertThat(replay.alerts.get(replay.alerts.size() - 1).level())
                    .as(who)
                    .isEqualTo(persona.intendedLevel());
        } else {
            assertThat(replay.alerts).as(who).isEmpty();
            assertThat(replay.state.escalation().level()).as(who).isEqualTo(EscalationLevel.STEADY);
        }
    }
}
