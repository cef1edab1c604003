package dev.reflect.simulator.persona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.Instrument;
import dev.reflect.events.Measure;
import dev.reflect.events.MeasureChange;
import dev.reflect.streams.measures.MeasureAlerts;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureSummary;
import dev.reflect.streams.measures.Score;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated GAD-7 answers, judged by the streams app's own measure classes (contract section
 * 10): answered every 1 to 2 weeks, most people reliably improve, and the one controlling person
 * deteriorates reliably into severe and gets exactly one alert.
 */
class Gad7AnswersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T11:30:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261126, -7})
    void mostImproveAndTheControllingPersonDeterioratesOnce(long seed) {
        List<SimulatedUser> users = Population.create(50, seed, "demo-");
        int improved = 0;
        for (SimulatedUser user : users) {
            List<Measure> answers = Gad7Answers.history(user, 42, NOW);
            MeasureState state = MeasureState.empty();
            answers.forEach(answer -> state.add(Score.of(answer.received(user.userId(), NOW))));
            List<Alert> alerts = MeasureAlerts.announce(user.userId(), state);
            MeasureSummary summary = state.summary(Instrument.GAD7).orElseThrow();
            String who = user.userId() + " " + user.persona() + ", seed " + seed;
            if (user.persona() == Persona.CONTROLLING) {
                assertThat(alerts).as(who).hasSize(1);
                assertThat(summary.change()).as(who).isEqualTo(MeasureChange.RELIABLE_DETERIORATION);
                assertThat(summary.band().isModerateOrAbove()).as(who).isTrue();
            } else {
                assertThat(alerts).as(who).isEmpty();
                assertThat(summary.change()).as(who).isNotEqualTo(MeasureChange.RELIABLE_DETERIORATION);
            }
            if (summary.change() == MeasureChange.RELIABLE_IMPROVEMENT) {
                improved++;
            }
        }
        assertThat(improved).as("people reliably improved, seed " + seed).isGreaterThan(users.size() / 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 14, 42, 89})
    void answersComeEveryOneToTwoWeeksUpToTheLastDaysAndNeverLater(int historyDays) {
        for (SimulatedUser user : Population.create(20, 5, "demo-")) {
            List<Measure> answers = Gad7Answers.history(user, historyDays, NOW);
            LocalDate today = NOW.atOffset(user.offset()).toLocalDate();
            assertThat(answers).as(user.userId()).isNotEmpty();
            Measure latest = answers.get(answers.size() - 1);
            assertThat(latest.occurredAt().toInstant()).isBeforeOrEqualTo(NOW);
            assertThat(ChronoUnit.DAYS.between(latest.localDay(), today)).isBetween(0L, 3L);
            assertThat(answers.get(0).localDay()).isAfterOrEqualTo(today.minusDays(historyDays - 1L));
            for (int i = 1; i < answers.size(); i++) {
                assertThat(ChronoUnit.DAYS.between(
                                answers.get(i - 1).localDay(), answers.get(i).localDay()))
                        .isBetween(7L, 14L);
            }
            for (Measure answer : answers) {
                assertThat(answer.instrument()).isEqualTo(Instrument.GAD7);
                assertThat(answer.items())
                        .hasSize(7)
                        .allSatisfy(item -> assertThat(item).isBetween(0, 3));
                assertThat(answer.userId()).isNull();
                assertThat(answer.receivedAt()).isNull();
            }
            assertThat(Gad7Answers.history(user, historyDays, NOW))
                    .as("the same from the same seed")
                    .isEqualTo(answers);
        }
    }
}
