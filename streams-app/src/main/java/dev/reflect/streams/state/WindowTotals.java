package dev.reflect.streams.state;

/**
 * The totals of a span of days that a 7-day summary is made from: counts, and the sums behind
 * mean distress (over check-ins) and mean belief shift (over thought records).
 */
public record WindowTotals(
        int checkIns,
        int triggers,
        int reassuranceAsks,
        int deviceChecks,
        int controlling,
        int coping,
        int distressSum,
        int thoughtRecords,
        int beliefShiftSum) {

    public static final WindowTotals NONE = new WindowTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static WindowTotals of(Figures figures) {
        return new WindowTotals(
                figures.checkIns(),
                figures.triggers(),
                figures.reassuranceAsks(),
                figures.deviceChecks(),
                figures.controlling(),
                figures.coping(),
                figures.distressSum(),
                figures.thoughtRecords(),
                figures.beliefShiftSum());
    }

    /** Mean distress, null without check-ins. */
    public Double distressAvg() {
        return checkIns == 0 ? null : (double) distressSum / checkIns;
    }

    /** Mean belief shift, null without thought records. */
    public Double beliefShiftAvg() {
        return thoughtRecords == 0 ? null : (double) beliefShiftSum / thoughtRecords;
    }
}
