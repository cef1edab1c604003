package dev.reflect.streams.measures;

import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.MeasureChange;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Where a person stands on one instrument (contract section 10): their latest score and its band,
 * their first score in the 90 days up to it, and the change between the two. What progress and
 * caseload answers carry; read it with {@link MeasureState#summary} or {@link MeasureStores#summaries}.
 *
 * @param points latestScore - firstScore: positive is a rise (worse), negative a fall (better)
 * @param count  the answers in the 90 days, the latest and the first included
 */
public record MeasureSummary(
        Instrument instrument,
        int latestScore,
        Gad7Band band,
        OffsetDateTime latestAt,
        int firstScore,
        Gad7Band firstBand,
        OffsetDateTime firstAt,
        MeasureChange change,
        int points,
        int count) {

    public MeasureSummary {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(latestAt, "latestAt");
        Objects.requireNonNull(firstBand, "firstBand");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(change, "change");
    }

    static MeasureSummary of(Score first, Score latest, int count) {
        return new MeasureSummary(
                latest.instrument(),
                latest.score(),
                latest.band(),
                latest.occurredAt(),
                first.score(),
                first.band(),
                first.occurredAt(),
                MeasureChange.between(first.score(), latest.score()),
                latest.score() - first.score(),
                count);
    }
}
