package dev.reflect.streams.topology;

import static dev.reflect.streams.EventFixtures.gad7;
import static dev.reflect.streams.EventFixtures.receivedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.Measure;
import dev.reflect.events.MeasureChange;
import dev.reflect.streams.measures.MeasureAlerts;
import dev.reflect.streams.measures.MeasureSummary;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract section 10 through the real topology: scores, bands, change and the measure_deterioration alert. */
class MeasureTopologyTest {

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

    private MeasureSummary summary() {
        return reflect.measures(user).summary(Instrument.GAD7).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
        "0, MINIMAL",
        "4, MINIMAL",
        "5, MILD",
        "9, MILD",
        "10, MODERATE",
        "14, MODERATE",
        "15, SEVERE",
        "21, SEVERE"
    })
    void theLatestScoreIsInItsBand(int score, Gad7Band band) {
        reflect.send(gad7(user, D, 7), gad7(user, D.plusDays(7), score));

        MeasureSummary summary = summary();
        assertThat(summary.latestScore()).isEqualTo(score);
        assertThat(summary.band()).isEqualTo(band);
        assertThat(summary.firstScore()).isEqualTo(7);
        assertThat(summary.firstBand()).isEqualTo(Gad7Band.MILD);
        assertThat(summary.count()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
        "12, 9, NO_RELIABLE_CHANGE",
        "12, 8, RELIABLE_IMPROVEMENT",
        "6, 9, NO_RELIABLE_CHANGE",
        "6, 10, RELIABLE_DETERIORATION",
        "6, 6, NO_RELIABLE_CHANGE"
    })
    void aChangeOfFourPointsIsReliableAndThreeIsNot(int first, int latest, MeasureChange change) {
        reflect.send(gad7(user, D, first), gad7(user, D.plusDays(14), latest));

        assertThat(summary().change()).isEqualTo(change);
        assertThat(summary().points()).isEqualTo(latest - first);
    }

    @Test
    void changeIsMeasuredFromTheFirstScoreOfTheLast90Days() {
        reflect.send(gad7(user, D, 18), gad7(user, D.plusDays(60), 12), gad7(user, D.plusDays(100), 11));

        // The 18 of D is more than 90 days before D+100: the first score in the window is the 12.
        MeasureSummary summary = summary();
        assertThat(summary.firstScore()).isEqualTo(12);
        assertThat(summary.change()).isEqualTo(MeasureChange.NO_RELIABLE_CHANGE);
        assertThat(summary.count()).isEqualTo(2);
    }

    @Test
    void aReliableDeteriorationIntoModerateIsOneAlertWithBothScoresInWords() {
        reflect.send(gad7(user, D, 6));
        assertThat(reflect.alerts()).isEmpty();

        reflect.send(gad7(user, D.plusDays(14), 11));

        List<TestRecord<String, Alert>> records = reflect.alertRecords();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(user);
            Alert alert = record.value();
            assertThat(alert.rule()).isEqualTo(MeasureAlerts.RULE).isEqualTo("measure_deterioration");
            assertThat(alert.userId()).isEqualTo(user);
            assertThat(alert.day()).isEqualTo(D.plusDays(14));
            assertThat(alert.level()).isEqualTo(EscalationLevel.HIGH);
            assertThat(alert.previousLevel()).isEqualTo(EscalationLevel.ELEVATED);
            assertThat(alert.observed()).isNull();
            assertThat(alert.measure().firstScore()).isEqualTo(6);
            assertThat(alert.measure().score()).isEqualTo(11);
            assertThat(alert.measure().change()).isEqualTo(MeasureChange.RELIABLE_DETERIORATION);
            assertThat(alert.message())
                    .isEqualTo("GAD-7 anxiety score went from 6 (mild) on 2026-10-01 to 11 (moderate) on "
                            + "2026-10-15, up 5 points: a reliable deterioration (4 points or more).");
        });
    }

    @Test
    void aDeteriorationThatKeepsGrowingIsStillOneAlert() {
        reflect.send(gad7(user, D, 6), gad7(user, D.plusDays(14), 11));
        assertThat(reflect.alerts()).hasSize(1);

        reflect.send(gad7(user, D.plusDays(28), 15), gad7(user, D.plusDays(42), 19));

        assertThat(reflect.alerts()).isEmpty();
        assertThat(summary().band()).isEqualTo(Gad7Band.SEVERE);
    }

    @Test
    void aRiseOfFourPointsThatStaysMildOrAThreePointRiseIntoModerateIsNoAlert() {
        reflect.send(gad7(user, D, 2), gad7(user, D.plusDays(14), 8));
        reflect.send(gad7("u-other-" + UUID.randomUUID(), D, 8), gad7(user, D.plusDays(1), 2));
        String other = "u-" + UUID.randomUUID();
        reflect.send(gad7(other, D, 7), gad7(other, D.plusDays(14), 10));

        assertThat(reflect.alerts()).isEmpty();
    }

    @Test
    void aNewDeteriorationAfterRecoveryIsANewAlert() {
        reflect.send(gad7(user, D, 6), gad7(user, D.plusDays(14), 12));
        assertThat(reflect.alerts()).hasSize(1);

        reflect.send(gad7(user, D.plusDays(28), 5), gad7(user, D.plusDays(42), 13));

        assertThat(reflect.alerts())
                .singleElement()
                .satisfies(alert -> assertThat(alert.measure().score()).isEqualTo(13));
    }

    @Test
    void theSameAnswerReadTwiceIsCountedOnce() {
        Measure worse = gad7(user, D.plusDays(14), 11);
        reflect.send(gad7(user, D, 6), worse);
        assertThat(reflect.alerts()).hasSize(1);

        reflect.send(worse, receivedAt(worse, worse.receivedAt().plusSeconds(3600)));

        assertThat(reflect.alerts()).isEmpty();
        assertThat(summary().count()).isEqualTo(2);
    }

    @Test
    void reprocessingTheWholeInputOnTheSameStoreEmitsNothingNew() {
        List<Measure> input = List.of(gad7(user, D, 5), gad7(user, D.plusDays(10), 10), gad7(user, D.plusDays(20), 14));
        input.forEach(reflect::send);
        assertThat(reflect.alerts()).hasSize(1);

        // A restart that lost its committed offsets, or a reset to the earliest offset: the same records again.
        input.forEach(reflect::send);

        assertThat(reflect.alerts()).isEmpty();
    }

    @Test
    void aReplayIntoFreshStateGivesTheSameAlertWithTheSameId(@TempDir Path otherStateDir) {
        List<Measure> input = List.of(gad7(user, D, 5), gad7(user, D.plusDays(10), 10), gad7(user, D.plusDays(20), 14));
        input.forEach(reflect::send);
        List<Alert> first = reflect.alerts();

        List<Alert> replayed;
        try (TopologyHarness again = new TopologyHarness(otherStateDir)) {
            input.forEach(again::send);
            replayed = again.alerts();
        }

        assertThat(first).hasSize(1).containsExactlyElementsOf(replayed);
    }

    @Test
    void answersArrivingOutOfOrderGiveTheAlertsTheirTimeOrderGives(@TempDir Path otherStateDir) {
        List<Measure> inOrder = List.of(gad7(user, D, 4), gad7(user, D.plusDays(14), 9), gad7(user, D.plusDays(28), 3));
        // A phone that synced late: the three answers arrive newest first, in one burst after the last.
        List<Measure> shuffled = new ArrayList<>();
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            shuffled.add(receivedAt(inOrder.get(i), inOrder.get(2).receivedAt().plusSeconds(100 + i)));
        }
        shuffled.forEach(reflect::send);

        // 4, 9, 3 is a rise into mild only, then an improvement: no alert, whatever the order.
        assertThat(reflect.alerts()).isEmpty();
        assertThat(reflect.deadLetters()).isEmpty();
        assertThat(summary().latestScore()).isEqualTo(3);
        assertThat(summary().firstScore()).isEqualTo(4);

        List<Measure> worsening =
                List.of(gad7(user, D.plusDays(42), 5), gad7(user, D.plusDays(56), 16), gad7(user, D.plusDays(70), 15));
        List<Measure> late = new ArrayList<>();
        for (int i = worsening.size() - 1; i >= 0; i--) {
            late.add(receivedAt(worsening.get(i), worsening.get(2).receivedAt().plusSeconds(100 + i)));
        }
        late.forEach(reflect::send);

        // In time order: the window's first score is still the 4 of D; 16 on D+56 is the deterioration.
        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.day()).isEqualTo(D.plusDays(56));
            assertThat(alert.measure().firstScore()).isEqualTo(4);
            assertThat(alert.measure().score()).isEqualTo(16);
        });
    }

    @Test
    void measuresLiveBesideTheBehaviourLadderNotInIt() {
        reflect.send(gad7(user, D, 6), gad7(user, D.plusDays(14), 11));
        assertThat(reflect.alerts()).hasSize(1);

        assertThat(reflect.state(user))
                .satisfiesAnyOf(
                        state -> assertThat(state).isNull(),
                        state -> assertThat(state.isEmpty()).isTrue());
    }
}
