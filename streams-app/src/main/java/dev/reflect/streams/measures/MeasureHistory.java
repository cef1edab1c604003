package dev.reflect.streams.measures;

import dev.reflect.events.MeasureChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The deteriorations in a person's scores on one instrument, as a function of the scores alone
 * (contract section 10), so the same answers give the same deteriorations whatever order they
 * arrived in.
 *
 * <p>Each score is judged as progress would have shown it right after it was answered: against
 * the first score answered at most 90 days ({@link MeasureState#WINDOW}) before it. A score is
 * <em>deteriorated</em> when it is 4 points or more above that first score (a reliable change) and
 * lies in the moderate or severe band. A <em>deterioration</em> is a run of consecutive
 * deteriorated scores; it begins at the first of them. So 6, 10, 12, 13 is one deterioration from
 * 6, beginning at 10; 6, 12, 5, 11 is two (the 5 ends the first).
 */
public final class MeasureHistory {

    /**
     * A run of deteriorated scores, oldest first, and the first score its beginning was compared
     * with.
     */
    public record Deterioration(Score first, List<Score> scores) {

        public Deterioration {
            Objects.requireNonNull(first, "first");
            scores = List.copyOf(scores);
            if (scores.isEmpty()) {
                throw new IllegalArgumentException("a deterioration has at least one score");
            }
        }

        /** The score it began with. */
        public Score beginning() {
            return scores.get(0);
        }

        /** The score it has reached so far. */
        public Score last() {
            return scores.get(scores.size() - 1);
        }
    }

    private MeasureHistory() {}

    /** The deteriorations among {@code scores} (one instrument's, in time order), oldest first. */
    public static List<Deterioration> deteriorations(List<Score> scores) {
        List<Deterioration> found = new ArrayList<>();
        Score runFirst = null;
        List<Score> run = new ArrayList<>();
        int firstIndex = 0;
        for (int i = 0; i < scores.size(); i++) {
            Score score = scores.get(i);
            Instant from = score.instant().minus(MeasureState.WINDOW);
            while (scores.get(firstIndex).instant().isBefore(from)) {
                firstIndex++;
            }
            Score first = scores.get(firstIndex);
            if (isDeteriorated(first, score)) {
                if (run.isEmpty()) {
                    runFirst = first;
                }
                run.add(score);
            } else if (!run.isEmpty()) {
                found.add(new Deterioration(runFirst, run));
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            found.add(new Deterioration(runFirst, run));
        }
        return found;
    }

    /** A reliable rise from {@code first} into the moderate or severe band. */
    static boolean isDeteriorated(Score first, Score score) {
        return MeasureChange.between(first.score(), score.score()) == MeasureChange.RELIABLE_DETERIORATION
                && score.band().isModerateOrAbove();
    }
}
