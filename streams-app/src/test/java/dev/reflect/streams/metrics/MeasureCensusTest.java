package dev.reflect.streams.metrics;

import static dev.reflect.streams.EventFixtures.gad7;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Gad7Band;
import dev.reflect.events.MeasureChange;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.Score;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** reflect_users_gad7_band and reflect_users_gad7_change from a scan of the local measures. */
class MeasureCensusTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, MeasureState> people = new LinkedHashMap<>();
    private boolean queryable = true;
    private final MeasureCensus census = new MeasureCensus(registry, visitor -> {
        if (!queryable) {
            return false;
        }
        people.forEach(visitor);
        return true;
    });

    @AfterEach
    void close() {
        registry.close();
    }

    private void person(String userId, int... scores) {
        MeasureState state = MeasureState.empty();
        for (int i = 0; i < scores.length; i++) {
            state.add(Score.of(gad7(userId, D.plusDays(14L * i), scores[i])));
        }
        people.put(userId, state);
    }

    @Test
    void peopleAreCountedByTheBandOfTheirLatestScoreAndTheirChange() {
        person("u-1", 6, 12);
        person("u-2", 14, 8);
        person("u-3", 3);
        person("u-4", 16, 15);

        assertThat(census.scan()).isTrue();

        assertThat(census.count(Gad7Band.MINIMAL)).isEqualTo(1);
        assertThat(census.count(Gad7Band.MILD)).isEqualTo(1);
        assertThat(census.count(Gad7Band.MODERATE)).isEqualTo(1);
        assertThat(census.count(Gad7Band.SEVERE)).isEqualTo(1);
        assertThat(census.count(MeasureChange.RELIABLE_DETERIORATION)).isEqualTo(1);
        assertThat(census.count(MeasureChange.RELIABLE_IMPROVEMENT)).isEqualTo(1);
        assertThat(census.count(MeasureChange.NO_RELIABLE_CHANGE)).isEqualTo(2);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("reflect_users_gad7_band{band=\"moderate\"} 1.0")
                .contains("reflect_users_gad7_change{change=\"reliable_deterioration\"} 1.0")
                .doesNotContain("u-1");
    }

    @Test
    void noGaugesBeforeTheFirstCompleteScanAndAnIncompleteOneKeepsTheLastFigures() {
        queryable = false;
        assertThat(census.scan()).isFalse();
        assertThat(registry.scrape()).doesNotContain("reflect_users_gad7_band");

        queryable = true;
        person("u-1", 6, 12);
        assertThat(census.scan()).isTrue();
        person("u-2", 13);
        queryable = false;
        assertThat(census.scan()).isFalse();

        assertThat(census.count(Gad7Band.MODERATE)).isEqualTo(1);
    }
}
