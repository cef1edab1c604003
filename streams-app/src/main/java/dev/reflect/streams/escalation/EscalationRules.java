package dev.reflect.streams.escalation;

import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The rules of contract section 5 applied to one day D, without hysteresis: {@code recent} =
 * D-6..D and the {@link PersonalBaseline} of D-27..D-7. SEVERE ({@code controlling}) on any
 * controlling act; HIGH ({@code device_checking}) on 3 device checks, or 1 while an ELEVATED rule
 * holds; ELEVATED on reassurance asks &gt;= max(5, 2 x baseline) ({@code reassurance_doubled},
 * checked first) or triggers &gt;= max(7, 2 x baseline) ({@code trigger_surge}); STEADY otherwise.
 *
 * <p>A pure function of the person's figures on D-27..D and their first day: which is what makes
 * the escalation history independent of the order events arrive in.
 */
public final class EscalationRules {

    private final EscalationThresholds thresholds;

    public EscalationRules(EscalationThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds);
    }

    public EscalationThresholds thresholds() {
        return thresholds;
    }

    /** The rules applied to {@code day} alone. */
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
}
