package dev.reflect.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bands and reliable change of contract section 10, at their edges. */
class MeasureVocabularyTest {

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
    void theBandsAreSpitzersCutOffs(int score, Gad7Band band) {
        assertThat(Gad7Band.of(score)).isEqualTo(band);
    }

    @Test
    void aScoreOutsideTheScaleHasNoBand() {
        assertThatThrownBy(() -> Gad7Band.of(22)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gad7Band.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "6, 10, RELIABLE_DETERIORATION",
        "6, 9, NO_RELIABLE_CHANGE",
        "10, 6, RELIABLE_IMPROVEMENT",
        "10, 7, NO_RELIABLE_CHANGE",
        "12, 12, NO_RELIABLE_CHANGE"
    })
    void fourPointsOrMoreIsReliable(int first, int latest, MeasureChange change) {
        assertThat(MeasureChange.between(first, latest)).isEqualTo(change);
    }

    @Test
    void onTheWireBandsAndChangesAreLowerCase() throws Exception {
        assertThat(Json.mapper().writeValueAsString(Gad7Band.MODERATE)).isEqualTo("\"moderate\"");
        assertThat(Json.mapper().writeValueAsString(MeasureChange.RELIABLE_DETERIORATION))
                .isEqualTo("\"reliable_deterioration\"");
    }

    @Test
    void theGad7ScoresZeroToTwentyOne() {
        assertThat(Instrument.GAD7.maxScore()).isEqualTo(21);
        assertThat(Gad7Band.SEVERE.highest()).isEqualTo(Instrument.GAD7.maxScore());
    }
}
