package dev.reflect.streams.measures;

import dev.reflect.events.Alert;
import dev.reflect.events.Instrument;
import dev.reflect.events.MeasureChange;
import dev.reflect.streams.measures.MeasureHistory.Deterioration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The alerts of the measure track (contract section 10, rule {@value #RULE}): one for each reliable
 * deterioration into the moderate or severe band, its own track beside the behaviour ladder.
 *
 * <p>Alerts are derived from the stored scores, never from the record at hand: {@link #announce}
 * finds the deteriorations in the person's scores ({@link MeasureHistory}) and alerts each one
 * none of whose scores belongs to a deterioration alerted before; then marks all their scores.
 * So an answer read twice, a replay of the whole input, or a restart that processes the input
 * since the last commit again, finds the same deteriorations already marked and alerts nothing
 * new; and a deterioration that grows (6, 10, then 13) is one alert. Answers that arrive out of
 * order are announced once they have settled (the topology waits for that, as for escalation
 * alerts), so a burst of them gives the alerts their time order gives. One that arrives after the
 * alert it would have changed does not take it back: it can only merge into the alerted
 * deterioration (no new alert) or begin a new one.
 *
 * <p>A deterioration that began before the 90-day window is not news: it is marked without an
 * alert. Alert ids are name-based UUIDs of the person, the instrument and the event id of the
 * score the deterioration began with, so reprocessing yields the same ids.
 */
public final class MeasureAlerts {

    public static final String RULE = "measure_deterioration";

    private MeasureAlerts() {}

    /** The alerts for the deteriorations not alerted yet, oldest first; marks every deterioration found. */
    public static List<Alert> announce(String userId, MeasureState state) {
        List<Alert> alerts = new ArrayList<>(1);
        forEachDeterioration(state, (deterioration, inWindow) -> {
            boolean known = deterioration.scores().stream().anyMatch(score -> state.isAnnounced(score.eventId()));
            if (!known && inWindow) {
                alerts.add(alert(userId, deterioration));
                state.alerted();
            }
            deterioration.scores().forEach(score -> state.markAnnounced(score.eventId()));
        });
        return alerts;
    }

    /**
     * The alerts already sent for the person's kept scores, oldest first, as {@link #announce} made
     * them: each deterioration of the 90-day window whose scores are marked. Reads only; for the
     * person's export (contract section 9). A deterioration that began before the window is left
     * out: whether it was alerted or only marked can no longer be told.
     */
    public static List<Alert> sent(String userId, MeasureState state) {
        List<Alert> alerts = new ArrayList<>(1);
        forEachDeterioration(state, (deterioration, inWindow) -> {
            boolean marked = deterioration.scores().stream().anyMatch(score -> state.isAnnounced(score.eventId()));
            if (marked && inWindow) {
                alerts.add(alert(userId, deterioration));
            }
        });
        return alerts;
    }

    /**
     * Every deterioration in the kept scores, instrument by instrument, oldest first, and whether it
     * began within the 90 days up to the latest score (only those are news).
     */
    private static void forEachDeterioration(MeasureState state, BiConsumer<Deterioration, Boolean> visit) {
        for (Instrument instrument : Instrument.values()) {
            List<Score> kept = state.kept(instrument);
            if (kept.isEmpty()) {
                continue;
            }
            Instant windowFrom = kept.get(kept.size() - 1).instant().minus(MeasureState.WINDOW);
            for (Deterioration deterioration : MeasureHistory.deteriorations(kept)) {
                visit.accept(deterioration, !deterioration.beginning().instant().isBefore(windowFrom));
            }
        }
    }

    static Alert alert(String userId, Deterioration deterioration) {
        Score first = deterioration.first();
        Score score = deterioration.beginning();
        int points = score.score() - first.score();
        return new Alert(
                alertId(userId, score),
                userId,
                Alert.levelOf(score.band()),
                Alert.levelOf(first.band()),
                RULE,
                score.day(),
                null,
                message(first, score),
                new Alert.MeasureScores(
                        score.instrument(),
                        first.score(),
                        first.band(),
                        first.day(),
                        score.score(),
                        score.band(),
                        score.day(),
                        points,
                        MeasureChange.between(first.score(), score.score())));
    }

    /** For a clinician skimming a list: both scores in words, and nothing the person wrote. */
    static String message(Score first, Score score) {
        return String.format(
                Locale.ROOT,
                "%s anxiety score went from %d (%s) on %s to %d (%s) on %s, up %d points: a reliable "
                        + "deterioration (%d points or more).",
                "GAD-7",
                first.score(),
                first.band().wireName(),
                first.day(),
                score.score(),
                score.band().wireName(),
                score.day(),
                score.score() - first.score(),
                MeasureChange.RELIABLE_POINTS);
    }

    /** Deterministic, so reprocessing the same input yields the same alert ids. */
    static UUID alertId(String userId, Score beginning) {
        String name = "reflect-measure-alert/v1|" + userId + '|' + beginning.instrument() + '|' + beginning.eventId();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
