package dev.reflect.streams.escalation;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.state.EscalationState;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The escalation rules of contract section 5 with their hysteresis.
 *
 * <p><b>The rules</b> ({@link #assess}) look at one day D: {@code recent} = D-6..D and the
 * {@link PersonalBaseline} of D-27..D-7. SEVERE ({@code controlling}) on any controlling act;
 * HIGH ({@code device_checking}) on 3 device checks, or 1 while an ELEVATED rule holds; ELEVATED
 * on reassurance asks &gt;= max(5, 2 x baseline) ({@code reassurance_doubled}, checked first) or
 * triggers &gt;= max(7, 2 x baseline) ({@code trigger_surge}); STEADY otherwise.
 *
 * <p><b>Hysteresis</b> ({@link #evaluate}): D is the user's latest local day with data. Every
 * calendar day from the day after the last evaluated one up to D is evaluated in order, so
 * <em>a day without data counts as a day like any other</em>: its windows simply hold no new
 * figures. Quiet days thus do count towards de-escalation, but only once the spike has left the
 * 7-day window, and only when the user's next event arrives (the evaluator runs on events, never
 * on the wall clock, which keeps reprocessing deterministic). Going up is immediate, on the day
 * the rules first give a higher level. Going down happens on the day the rules have given lower
 * levels for {@code deescalationDays} consecutive days; the new level is the highest of those
 * days, so it is the lower level that really held throughout. A late event for an earlier day
 * re-evaluates D (its windows may now hold it) but never rewrites past days or past alerts.
 *
 * <p>Each change yields exactly one {@link Alert}. Its id is a name-based UUID of the user, the
 * change's sequence number, day and levels, so reprocessing the same input yields the same ids.
 * {@code since} is the day the current level began, which for a step down is the day it took
 * effect; before any change, a user is STEADY since their first day.
 */
public final class EscalationEvaluator {

    private final EscalationThresholds thresholds;
    private final AlertMessages messages;

    public EscalationEvaluator(EscalationThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds);
        this.messages = new AlertMessages(thresholds);
    }

    public EscalationThresholds thresholds() {
        return thresholds;
    }

    /** The rules applied to {@code day} alone, without hysteresis. */
    public Assessment assess(UserState state, LocalDate day) {
        Figures recent = state.totals(day.minusDays(thresholds.recentDays() - 1L), day);
        PersonalBaseline baseline = PersonalBaseline.of(state, day, thresholds);
        boolean reassuranceDoubled = recent.reassuranceAsks()
                >= Math.max(thresholds.minReassuranceAsks(), thresholds.reassuranceFactor() * baseline.weeklyAsks());
        boolean triggerSurge = recent.triggers()
                >= Math.max(thresholds.minTriggers(), thresholds.triggerFactor() * baseline.weeklyTriggers());
        EscalationLevel level;
        EscalationRule rule;
        if (recent.controlling() >= thresholds.controllingForSevere()) {
            level = EscalationLevel.SEVERE;
            rule = EscalationRule.CONTROLLING;
        } else if (recent.deviceChecks() >= thresholds.deviceChecksForHigh()
                || (recent.deviceChecks() >= thresholds.deviceChecksWhileElevated()
                        && (reassuranceDoubled || triggerSurge))) {
            level = EscalationLevel.HIGH;
            rule = EscalationRule.DEVICE_CHECKING;
        } else if (reassuranceDoubled) {
            level = EscalationLevel.ELEVATED;
            rule = EscalationRule.REASSURANCE_DOUBLED;
        } else if (triggerSurge) {
            level = EscalationLevel.ELEVATED;
            rule = EscalationRule.TRIGGER_SURGE;
        } else {
            level = EscalationLevel.STEADY;
            rule = null;
        }
        return new Assessment(day, level, rule, recent, baseline, reassuranceDoubled, triggerSurge);
    }

    /**
     * Brings the user's escalation up to their latest day, updating {@code state.escalation()},
     * and returns the alerts of the level changes on the way, oldest first.
     */
    public List<Alert> evaluate(String userId, UserState state) {
        LocalDate latest = state.latestDay();
        if (latest == null) {
            return List.of();
        }
        EscalationState escalation = state.escalation();
        LocalDate last = escalation.lastEvaluatedDay();
        LocalDate from;
        LocalDate to;
        if (last == null) {
            from = latest;
            to = latest;
        } else if (latest.isAfter(last)) {
            from = last.plusDays(1);
            to = latest;
        } else {
            from = last;
            to = last;
        }
        List<Alert> alerts = new ArrayList<>(1);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Alert alert = evaluateDay(userId, state, day);
            if (alert != null) {
                alerts.add(alert);
            }
        }
        return alerts;
    }

    private Alert evaluateDay(String userId, UserState state, LocalDate day) {
        EscalationState escalation = state.escalation();
        Assessment assessment = assess(state, day);
        escalation.recordEvaluation(day, assessment.level(), thresholds.deescalationDays());
        EscalationLevel current = escalation.level();
        if (assessment.level().isAbove(current)) {
            escalation.change(
                    assessment.level(), day, assessment.rule(), assessment.observed(), messages.escalation(assessment));
            return alert(userId, escalation, current);
        }
        List<EscalationLevel> recent = escalation.recentLevels();
        if (current.isAbove(assessment.level()) && recent.size() >= thresholds.deescalationDays()) {
            EscalationLevel held = recent.stream().max(Enum::compareTo).orElseThrow();
            if (current.isAbove(held)) {
                escalation.change(
                        held,
                        day,
                        EscalationRule.DE_ESCALATION,
                        assessment.observed(),
                        messages.deescalation(current, held, assessment));
                return alert(userId, escalation, current);
            }
        }
        return null;
    }

    private static Alert alert(String userId, EscalationState escalation, EscalationLevel previous) {
        return new Alert(
                alertId(userId, escalation.changeCount(), escalation.since(), previous, escalation.level()),
                userId,
                escalation.level(),
                previous,
                escalation.rule().wireName(),
                escalation.since(),
                escalation.observed(),
                escalation.message());
    }

    /** Deterministic, so a replay of the same input yields the same alert ids. */
    static UUID alertId(String userId, int sequence, LocalDate day, EscalationLevel previous, EscalationLevel level) {
        String name = "reflect-alert/v1|" + userId + '|' + sequence + '|' + day + '|' + previous + '>' + level;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
