package dev.reflect.streams.state;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.util.Arrays;

/**
 * The counters of one local day, or of a span of days added together: check-ins, distress,
 * triggers by category, behaviours by type (sum of their counts), coping by strategy, journal
 * entries and thought records.
 *
 * <p>Mean distress is kept as a sum whose count is {@link #checkIns()}: every check-in carries a
 * distress value (it is required by the contract and a primitive in {@link CheckIn}), so a second
 * counter would always hold the same number. Mean belief shift is kept the same way over
 * {@link #thoughtRecords()}.
 *
 * <p>Mutable for the one processor that owns a user's state; readers get it through
 * {@link UserState} and only call the getters.
 */
public final class Figures {

    static final int CHECK_INS = 0;
    static final int DISTRESS_SUM = 1;
    static final int JOURNAL_ENTRIES = 2;
    static final int THOUGHT_RECORDS = 3;
    /** The only counter that can be negative. */
    static final int BELIEF_SHIFT_SUM = 4;

    static final int TRIGGERS = 5;
    static final int BEHAVIORS = TRIGGERS + TriggerCategory.values().length;
    static final int COPING = BEHAVIORS + BehaviorType.values().length;
    static final int SIZE = COPING + CopingStrategy.values().length;

    private final int[] counters;

    public Figures() {
        this.counters = new int[SIZE];
    }

    private Figures(int[] counters) {
        this.counters = counters;
    }

    public Figures copy() {
        return new Figures(counters.clone());
    }

    void add(CheckIn checkIn) {
        increment(CHECK_INS, 1);
        increment(DISTRESS_SUM, checkIn.distress());
        for (Trigger trigger : checkIn.triggers()) {
            increment(TRIGGERS + trigger.category().ordinal(), 1);
        }
        checkIn.behaviors().forEach(b -> increment(BEHAVIORS + b.type().ordinal(), b.count()));
        checkIn.coping().forEach(c -> increment(COPING + c.ordinal(), 1));
    }

    void add(JournalEntry entry) {
        increment(JOURNAL_ENTRIES, 1);
        if (entry.thoughtRecord() != null) {
            increment(THOUGHT_RECORDS, 1);
            increment(BELIEF_SHIFT_SUM, entry.thoughtRecord().beliefShift());
        }
    }

    /** Adds another span's counters into this one. */
    public void addAll(Figures other) {
        for (int i = 0; i < SIZE; i++) {
            increment(i, other.counters[i]);
        }
    }

    /** Adds this span's counters into {@code sums} (one slot a counter), for prefix sums. */
    void addTo(long[] sums) {
        for (int i = 0; i < SIZE; i++) {
            sums[i] += counters[i];
        }
    }

    /**
     * The counters {@code upper - lower}, each clamped to an int as {@link #increment} saturates.
     * Equal to adding the days one by one unless a running sum of a counter crosses the int range
     * and comes back, which the only signed counter (belief shift, at most 100 a record) cannot do
     * in fewer than about 21 million thought records.
     */
    static Figures difference(long[] upper, long[] lower) {
        int[] counters = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            counters[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, upper[i] - lower[i]));
        }
        return new Figures(counters);
    }

    // Saturating, so a flood of records can never wrap a counter negative or throw mid-update.
    private void increment(int index, int amount) {
        long sum = (long) counters[index] + amount;
        counters[index] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
    }

    int counter(int index) {
        return counters[index];
    }

    void set(int index, int value) {
        counters[index] = value;
    }

    public boolean isEmpty() {
        for (int c : counters) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    public int checkIns() {
        return counters[CHECK_INS];
    }

    public int distressSum() {
        return counters[DISTRESS_SUM];
    }

    /** Mean distress over the check-ins, or null when there were none. */
    public Double distressAvg() {
        return checkIns() == 0 ? null : (double) distressSum() / checkIns();
    }

    public int journalEntries() {
        return counters[JOURNAL_ENTRIES];
    }

    public int thoughtRecords() {
        return counters[THOUGHT_RECORDS];
    }

    /** Sum of beliefAfter - beliefBefore over the thought records. */
    public int beliefShiftSum() {
        return counters[BELIEF_SHIFT_SUM];
    }

    /** Mean of beliefAfter - beliefBefore, or null when there were no thought records; negative is progress. */
    public Double beliefShiftAvg() {
        return thoughtRecords() == 0 ? null : (double) beliefShiftSum() / thoughtRecords();
    }

    public int triggers(TriggerCategory category) {
        return counters[TRIGGERS + category.ordinal()];
    }

    /** Triggers of every category. */
    public int triggers() {
        return sum(TRIGGERS, BEHAVIORS);
    }

    /** Sum of the counts of one behaviour type. */
    public int behaviors(BehaviorType type) {
        return counters[BEHAVIORS + type.ordinal()];
    }

    /** Sum of {@code SOUGHT_REASSURANCE} counts. */
    public int reassuranceAsks() {
        return behaviors(BehaviorType.SOUGHT_REASSURANCE);
    }

    /** Sum of {@code CHECKED_DEVICE} counts. */
    public int deviceChecks() {
        return behaviors(BehaviorType.CHECKED_DEVICE);
    }

    /** Sum of {@code CONTROLLED} counts. */
    public int controlling() {
        return behaviors(BehaviorType.CONTROLLED);
    }

    public int coping(CopingStrategy strategy) {
        return counters[COPING + strategy.ordinal()];
    }

    /** Coping actions of every strategy. */
    public int coping() {
        return sum(COPING, SIZE);
    }

    private int sum(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += counters[i];
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figures other && Arrays.equals(counters, other.counters);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counters);
    }

    @Override
    public String toString() {
        return "Figures" + Arrays.toString(counters);
    }
}
