package dev.reflect.streams.measures;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.Measure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One kept answer to a questionnaire: when it was answered (with the person's offset, which places
 * it in their local day), when the ingest service received it, and the answers. Ordered in time,
 * {@link #IN_TIME_ORDER}: by the instant answered, then by event id, so any two answers have one
 * order whatever order they arrived in.
 */
public record Score(
        UUID eventId, OffsetDateTime occurredAt, Instant receivedAt, Instrument instrument, List<Integer> items) {

    public static final Comparator<Score> IN_TIME_ORDER =
            Comparator.comparing(Score::instant).thenComparing(Score::eventId);

    public Score {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(instrument, "instrument");
        items = List.copyOf(items);
        if (items.size() != instrument.items()) {
            throw new IllegalArgumentException("a " + instrument + " has " + instrument.items() + " answers");
        }
        for (int answer : items) {
            if (answer < instrument.minAnswer() || answer > instrument.maxAnswer()) {
                throw new IllegalArgumentException("an answer out of the " + instrument + "'s range");
            }
        }
    }

    public static Score of(Measure measure) {
        return new Score(
                measure.eventId(), measure.occurredAt(), measure.receivedAt(), measure.instrument(), measure.items());
    }

    /** The sum of the answers. */
    public int score() {
        int sum = 0;
        for (int answer : items) {
            sum += answer;
        }
        return sum;
    }

    /** The severity band of the score (GAD-7, the one instrument of the contract). */
    public Gad7Band band() {
        return Gad7Band.of(score());
    }

    /** The person's local day of the answer: the date of occurredAt in its own offset. */
    public LocalDate day() {
        return occurredAt.toLocalDate();
    }

    @JsonIgnore
    public Instant instant() {
        return occurredAt.toInstant();
    }
}
