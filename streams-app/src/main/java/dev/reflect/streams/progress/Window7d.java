package dev.reflect.streams.progress;

/**
 * The last 7 days in total. {@code copingRatio} = coping actions / triggers (two decimals), null
 * without triggers; averages as in {@link DayProgress}.
 */
public record Window7d(
        int checkIns,
        int triggers,
        int reassuranceAsks,
        int deviceChecks,
        int controlling,
        Double copingRatio,
        Double distressAvg,
        Double beliefShiftAvg) {}
