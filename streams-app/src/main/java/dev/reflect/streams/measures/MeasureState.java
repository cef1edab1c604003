package dev.reflect.streams.measures;

import dev.reflect.events.EventRules;
import dev.reflect.events.Instrument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A person's answers to questionnaires, the value of the {@link MeasureStores#MEASURES} store:
 * their scores in time order, and which of them belong to a deterioration already alerted.
 *
 * <p><b>Windows.</b> The contract measures change within the last 90 days ({@link #WINDOW}, 24-hour
 * days, like every other "90 days" of Reflect): the first score is the earliest one answered at
 * most 90 days before the latest. What the person and their clinician see is that window. Each
 * score is also judged against the first score of the 90 days before <em>it</em> (see {@link
 * MeasureHistory}), so the state keeps the 90 days before the window's oldest score too: scores
 * answered up to {@link #KEPT} (180 days) before the latest, numbers only. Older ones are dropped
 * as newer ones arrive, and at most {@link #MAX_SCORES} are kept (the latest), far above anyone's
 * answering every week. A person who stops answering keeps their scores until they answer again.
 *
 * <p><b>Duplicates.</b> An event id is counted once: a retry, or the same record read twice, leaves
 * the state as it was.
 *
 * <p>Not thread-safe: one processor owns it, and readers get their own deserialized copy.
 */
public final class MeasureState {

    /** The window change is measured in (contract section 10). */
    public static final Duration WINDOW = EventRules.MAX_AGE;

    /** How far back scores are kept: the window, and the window of its oldest score. */
    public static final Duration KEPT = WINDOW.multipliedBy(2);

    /** The most scores kept per person; beyond it the oldest go first. */
    public static final int MAX_SCORES = 500;

    private final TreeSet<Score> scores = new TreeSet<>(Score.IN_TIME_ORDER);
    private final Map<UUID, Score> byEventId = new HashMap<>();
    private final Set<UUID> announced = new HashSet<>();
    /** Alerts announced on this track in all, never less: a clinician's unseen alerts count from it. */
    private int alerts;

    public static MeasureState empty() {
        return new MeasureState();
    }

    public boolean isEmpty() {
        return scores.isEmpty();
    }

    /**
     * Adds one answer and drops what falls out of the kept span. Returns true when the state
     * changed: false for an event id already counted, or an answer older than the span keeps.
     */
    public boolean add(Score score) {
        Objects.requireNonNull(score, "score");
        if (byEventId.containsKey(score.eventId())) {
            return false;
        }
        scores.add(score);
        byEventId.put(score.eventId(), score);
        prune();
        return byEventId.containsKey(score.eventId());
    }

    /** Every kept score of {@code instrument}, oldest first, those before the window included. */
    public List<Score> kept(Instrument instrument) {
        List<Score> of = new ArrayList<>();
        for (Score score : scores) {
            if (score.instrument() == instrument) {
                of.add(score);
            }
        }
        return of;
    }

    /** The scores of {@code instrument} in the window: answered at most 90 days before the latest; oldest first. */
    public List<Score> window(Instrument instrument) {
        List<Score> kept = kept(instrument);
        if (kept.isEmpty()) {
            return kept;
        }
        Instant from = kept.get(kept.size() - 1).instant().minus(WINDOW);
        return kept.stream().filter(score -> !score.instant().isBefore(from)).toList();
    }

    /** Latest score, band, first score and change on {@code instrument}; empty when never answered. */
    public Optional<MeasureSummary> summary(Instrument instrument) {
        List<Score> window = window(instrument);
        if (window.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(MeasureSummary.of(window.get(0), window.get(window.size() - 1), window.size()));
    }

    /** The summary of every instrument the person answered, in the contract's order of instruments. */
    public Map<Instrument, MeasureSummary> summaries() {
        Map<Instrument, MeasureSummary> all = new EnumMap<>(Instrument.class);
        for (Instrument instrument : Instrument.values()) {
            summary(instrument).ifPresent(summary -> all.put(instrument, summary));
        }
        return all;
    }

    /** Whether the score with this event id belongs to a deterioration that was alerted. */
    public boolean isAnnounced(UUID eventId) {
        return announced.contains(eventId);
    }

    /** Records that the kept score with this event id belongs to an alerted deterioration. */
    public void markAnnounced(UUID eventId) {
        if (byEventId.containsKey(eventId)) {
            announced.add(eventId);
        }
    }

    /**
     * How many {@code measure_deterioration} alerts the person has had in all. It only grows (unlike
     * the marks, which go with their scores), so, added to {@code EscalationState#announcements()},
     * it is what a clinician's unseen alerts are counted from.
     */
    public int alerts() {
        return alerts;
    }

    /** One more alert was announced. */
    void alerted() {
        alerts++;
    }

    /** Restores the count of a stored state. */
    void restoreAlerts(int count) {
        alerts = count;
    }

    /** Every kept score, in time order. */
    List<Score> all() {
        return List.copyOf(scores);
    }

    private void prune() {
        Map<Instrument, Instant> keptFrom = new EnumMap<>(Instrument.class);
        for (Score score : scores.descendingSet()) {
            keptFrom.putIfAbsent(score.instrument(), score.instant().minus(KEPT));
        }
        scores.removeIf(score -> {
            boolean old = score.instant().isBefore(keptFrom.get(score.instrument()));
            if (old) {
                forget(score);
            }
            return old;
        });
        while (scores.size() > MAX_SCORES) {
            forget(scores.pollFirst());
        }
    }

    private void forget(Score score) {
        byEventId.remove(score.eventId());
        announced.remove(score.eventId());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasureState other
                && all().equals(other.all())
                && announced.equals(other.announced)
                && alerts == other.alerts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(all(), announced, alerts);
    }

    @Override
    public String toString() {
        return "MeasureState[scores=" + scores.size() + ", announced=" + announced.size() + ", alerts=" + alerts + "]";
    }
}
