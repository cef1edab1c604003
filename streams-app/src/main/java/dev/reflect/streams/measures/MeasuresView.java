package dev.reflect.streams.measures;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/users/{userId}/measures} (and {@code /v1/me/measures}): per
 * instrument answered, the summary progress carries and every score of the 90-day window, oldest
 * first, for drawing them over time.
 */
public record MeasuresView(String userId, Map<Instrument, Scores> measures) {

    public MeasuresView {
        measures = Map.copyOf(measures);
    }

    /** One instrument: the summary's fields, then the scores. */
    public record Scores(@JsonUnwrapped MeasureSummary summary, List<ScoreView> scores) {

        public Scores {
            scores = List.copyOf(scores);
        }
    }

    /** One answered questionnaire: when, the score, its band and the answers. */
    public record ScoreView(OffsetDateTime occurredAt, LocalDate day, int score, Gad7Band band, List<Integer> items) {}

    public static MeasuresView of(String userId, MeasureState state) {
        Map<Instrument, Scores> all = new EnumMap<>(Instrument.class);
        state.summaries()
                .forEach((instrument, summary) -> all.put(
                        instrument,
                        new Scores(
                                summary,
                                state.window(instrument).stream()
                                        .map(score -> new ScoreView(
                                                score.occurredAt(),
                                                score.day(),
                                                score.score(),
                                                score.band(),
                                                score.items()))
                                        .toList())));
        return new MeasuresView(userId, all);
    }
}
