package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert about one user (contract section 4), as written to {@code reflect.alerts.v1}: a change
 * of their escalation level (section 5), or a reliable deterioration of a standardized measure
 * (section 10, rule {@code measure_deterioration}).
 *
 * <p>A measure alert is a track of its own beside the behaviour ladder. Its {@code level} and
 * {@code previousLevel} read the GAD-7 bands on the ladder's four steps ({@link #levelOf}: minimal
 * STEADY, mild ELEVATED, moderate HIGH, severe SEVERE): {@code level} for the latest score, {@code
 * previousLevel} for the first score it is compared with. They may be equal (10 to 14 is a
 * reliable rise within moderate). It carries no behaviour figures ({@code observed} is null) and
 * the scores in {@code measure}, which escalation alerts leave out.
 *
 * @param recipients JSON field {@code notify}: the clinicians the person shared with when it fired,
 *     to be told (contract section 8); empty when they shared with nobody, and on records written
 *     before the field existed. Each is a clinician's id (a token subject), held to the userId
 *     rules: not blank, at most {@link EventRules#MAX_USER_ID_LENGTH} characters; a record that
 *     breaks them does not deserialize. (A record component cannot be called {@code notify}: that
 *     is {@code Object}'s. Consumers outside this module, such as the notifier, read the JSON
 *     field rather than this accessor.)
 * @param measure the scores of a measure alert; null (and absent from the JSON) for escalation alerts
 */
public record Alert(
        UUID alertId,
        String userId,
        EscalationLevel level,
        EscalationLevel previousLevel,
        String rule,
        LocalDate day,
        Observed observed,
        String message,
        @JsonProperty("notify") List<String> recipients,
        @JsonInclude(JsonInclude.Include.NON_NULL) MeasureScores measure) {

    public Alert {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        for (int i = 0; i < recipients.size(); i++) {
            String clinician = recipients.get(i);
            if (clinician.isBlank() || clinician.length() > EventRules.MAX_USER_ID_LENGTH) {
                // Names the position and the rule, never the id.
                throw new IllegalArgumentException("notify[" + i + "] must be a clinician id of 1 to "
                        + EventRules.MAX_USER_ID_LENGTH + " characters, not blank");
            }
        }
    }

    /** An escalation alert that names nobody to notify. */
    public Alert(
            UUID alertId,
            String userId,
            EscalationLevel level,
            EscalationLevel previousLevel,
            String rule,
            LocalDate day,
            Observed observed,
            String message) {
        this(alertId, userId, level, previousLevel, rule, day, observed, message, List.of(), null);
    }

    /** An escalation alert, to be told to {@code recipients}. */
    public Alert(
            UUID alertId,
            String userId,
            EscalationLevel level,
            EscalationLevel previousLevel,
            String rule,
            LocalDate day,
            Observed observed,
            String message,
            List<String> recipients) {
        this(alertId, userId, level, previousLevel, rule, day, observed, message, recipients, null);
    }

    /** A measure alert (section 10) that names nobody to notify. */
    public Alert(
            UUID alertId,
            String userId,
            EscalationLevel level,
            EscalationLevel previousLevel,
            String rule,
            LocalDate day,
            Observed observed,
            String message,
            MeasureScores measure) {
        this(alertId, userId, level, previousLevel, rule, day, observed, message, List.of(), measure);
    }

    /** The same alert, to be told to {@code recipients}. */
    public Alert notifying(List<String> recipients) {
        return new Alert(alertId, userId, level, previousLevel, rule, day, observed, message, recipients, measure);
    }

    /** The figures the rule looked at. */
    public record Observed(
            int reassuranceAsks7d, double baselineWeeklyAsks, int deviceChecks7d, int controlling7d, int triggers7d) {}

    /**
     * The scores a measure alert compares: the person's first score in the window and the score
     * that deteriorated from it, each with its band and local day, and the difference in points.
     */
    public record MeasureScores(
            Instrument instrument,
            int firstScore,
            Gad7Band firstBand,
            LocalDate firstDay,
            int score,
            Gad7Band band,
            LocalDate scoreDay,
            int points,
            MeasureChange change) {

        public MeasureScores {
            Objects.requireNonNull(instrument, "instrument");
            Objects.requireNonNull(firstBand, "firstBand");
            Objects.requireNonNull(firstDay, "firstDay");
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(scoreDay, "scoreDay");
            Objects.requireNonNull(change, "change");
        }
    }

    /** The step of the escalation ladder a GAD-7 band is read as in a measure alert's levels. */
    public static EscalationLevel levelOf(Gad7Band band) {
        return switch (band) {
            case MINIMAL -> EscalationLevel.STEADY;
            case MILD -> EscalationLevel.ELEVATED;
            case MODERATE -> EscalationLevel.HIGH;
            case SEVERE -> EscalationLevel.SEVERE;
        };
    }
}
