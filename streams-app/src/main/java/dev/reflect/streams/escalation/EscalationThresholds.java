package dev.reflect.streams.escalation;

/**
 * Every threshold of contract section 5; {@link #defaults()} are the contract's values.
 *
 * @param recentDays                 length of the recent window D-6..D (7)
 * @param baselineWeeks              weeks before the recent window that form the baseline, D-27..D-7 (3)
 * @param establishedAfterDays       the baseline counts once the user's first day is this many days before D (14)
 * @param defaultWeeklyAsks          stand-in weekly reassurance asks before that (2)
 * @param defaultWeeklyTriggers      stand-in weekly triggers before that (3)
 * @param minReassuranceAsks         ELEVATED {@code reassurance_doubled} needs at least this many asks (5) ...
 * @param reassuranceFactor          ... and at least this multiple of the weekly baseline (2)
 * @param minTriggers                ELEVATED {@code trigger_surge} needs at least this many triggers (7) ...
 * @param triggerFactor              ... and at least this multiple of the weekly baseline (2)
 * @param deviceChecksForHigh        HIGH on this many device checks alone (3) ...
 * @param deviceChecksWhileElevated  ... or this many while an ELEVATED rule holds (1)
 * @param controllingForSevere       SEVERE on this many controlling acts (1)
 * @param deescalationDays           a lower level must hold this many consecutive local days before going down (3)
 * @param prorateYoungBaseline       false (the contract): the baseline is the 3-week sum / 3 even when the user's
 *                                   history covers only part of those weeks; true: scale by the covered days, so a
 *                                   user between 14 and 28 days old is not measured against a diluted baseline
 */
public record EscalationThresholds(
        int recentDays,
        int baselineWeeks,
        int establishedAfterDays,
        double defaultWeeklyAsks,
        double defaultWeeklyTriggers,
        int minReassuranceAsks,
        double reassuranceFactor,
        int minTriggers,
        double triggerFactor,
        int deviceChecksForHigh,
        int deviceChecksWhileElevated,
        int controllingForSevere,
        int deescalationDays,
        boolean prorateYoungBaseline) {

    public EscalationThresholds {
        requirePositive(recentDays, "recentDays");
        requirePositive(baselineWeeks, "baselineWeeks");
        requirePositive(establishedAfterDays, "establishedAfterDays");
        requirePositive(minReassuranceAsks, "minReassuranceAsks");
        requirePositive(minTriggers, "minTriggers");
        requirePositive(deviceChecksForHigh, "deviceChecksForHigh");
        requirePositive(deviceChecksWhileElevated, "deviceChecksWhileElevated");
        requirePositive(controllingForSevere, "controllingForSevere");
        requirePositive(deescalationDays, "deescalationDays");
        if (deescalationDays > 30) {
            throw new IllegalArgumentException("deescalationDays must be at most 30");
        }
        if (!(defaultWeeklyAsks >= 0)
                || !(defaultWeeklyTriggers >= 0)
                || !(reassuranceFactor > 0)
                || !(triggerFactor > 0)) {
            throw new IllegalArgumentException("default baselines must be >= 0 and factors > 0");
        }
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
    }

    public static EscalationThresholds defaults() {
        return new EscalationThresholds(7, 3, 14, 2.0, 3.0, 5, 2.0, 7, 2.0, 3, 1, 1, 3, false);
    }

    /** Days the rules look back from D, recent and baseline windows together (28). */
    public int spanDays() {
        return recentDays + 7 * baselineWeeks;
    }

    public EscalationThresholds withDeescalationDays(int days) {
        return new EscalationThresholds(
                recentDays,
                baselineWeeks,
                establishedAfterDays,
                defaultWeeklyAsks,
                defaultWeeklyTriggers,
                minReassuranceAsks,
                reassuranceFactor,
                minTriggers,
                triggerFactor,
                deviceChecksForHigh,
                deviceChecksWhileElevated,
                controllingForSevere,
                days,
                prorateYoungBaseline);
    }

    public EscalationThresholds withDefaultBaseline(double weeklyAsks, double weeklyTriggers) {
        return new EscalationThresholds(
                recentDays,
                baselineWeeks,
                establishedAfterDays,
                weeklyAsks,
                weeklyTriggers,
                minReassuranceAsks,
                reassuranceFactor,
                minTriggers,
                triggerFactor,
                deviceChecksForHigh,
                deviceChecksWhileElevated,
                controllingForSevere,
                deescalationDays,
                prorateYoungBaseline);
    }

    public EscalationThresholds withMinimums(int reassuranceAsks, int triggers) {
        return new EscalationThresholds(
                recentDays,
                baselineWeeks,
                establishedAfterDays,
                defaultWeeklyAsks,
                defaultWeeklyTriggers,
                reassuranceAsks,
                reassuranceFactor,
                triggers,
                triggerFactor,
                deviceChecksForHigh,
                deviceChecksWhileElevated,
                controllingForSevere,
                deescalationDays,
                prorateYoungBaseline);
    }

    public EscalationThresholds withProratedYoungBaseline(boolean prorate) {
        return new EscalationThresholds(
                recentDays,
                baselineWeeks,
                establishedAfterDays,
                defaultWeeklyAsks,
                defaultWeeklyTriggers,
                minReassuranceAsks,
                reassuranceFactor,
                minTriggers,
                triggerFactor,
                deviceChecksForHigh,
                deviceChecksWhileElevated,
                controllingForSevere,
                deescalationDays,
                prorate);
    }
}
