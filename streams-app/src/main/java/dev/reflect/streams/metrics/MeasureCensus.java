package dev.reflect.streams.metrics;

import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.MeasureChange;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The measure track's gauges (contract section 10), counted like {@code reflect_users_escalation}
 * by a scan of the local active measures store, which {@link EscalationCensus} runs with its own
 * (same thread, same pace):
 * <pre>
 *   reflect_users_gad7_band{band}       people whose latest GAD-7 is in each band (minimal, mild, moderate, severe)
 *   reflect_users_gad7_change{change}   the same people by the change from their first score in the last 90 days
 * </pre>
 * People who never answered a GAD-7 are in neither. The gauges appear with the first complete scan.
 */
final class MeasureCensus {

    /** Every person of this instance's active tasks with measures; false when the store cannot be read now. */
    @FunctionalInterface
    interface ActiveMeasures {
        boolean forEach(BiConsumer<String, MeasureState> visitor);
    }

    static final String BANDS = "reflect.users.gad7.band";
    static final String CHANGES = "reflect.users.gad7.change";

    private static final Gad7Band[] BAND_VALUES = Gad7Band.values();
    private static final MeasureChange[] CHANGE_VALUES = MeasureChange.values();

    private final MeterRegistry registry;
    private final ActiveMeasures people;
    private volatile long[] bands;
    private volatile long[] changes;
    private boolean gaugesRegistered;

    MeasureCensus(MeterRegistry registry, ActiveMeasures people) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.people = Objects.requireNonNull(people, "people");
    }

    /** One scan, on the calling thread. Returns false when the store could not be read through. */
    boolean scan() {
        long[] byBand = new long[BAND_VALUES.length];
        long[] byChange = new long[CHANGE_VALUES.length];
        boolean complete = people.forEach((userId, state) -> {
            MeasureSummary summary = state.summary(Instrument.GAD7).orElse(null);
            if (summary != null) {
                byBand[summary.band().ordinal()]++;
                byChange[summary.change().ordinal()]++;
            }
        });
        if (!complete) {
            return false;
        }
        bands = byBand;
        changes = byChange;
        registerGauges();
        return true;
    }

    /** People in {@code band} as of the last complete scan; -1 before the first. */
    long count(Gad7Band band) {
        long[] current = bands;
        return current == null ? -1 : current[band.ordinal()];
    }

    /** People with {@code change} as of the last complete scan; -1 before the first. */
    long count(MeasureChange change) {
        long[] current = changes;
        return current == null ? -1 : current[change.ordinal()];
    }

    private void registerGauges() {
        if (gaugesRegistered) {
            return;
        }
        for (Gad7Band band : BAND_VALUES) {
            Gauge.builder(BANDS, this, census -> census.count(band))
                    .description("People this instance's active tasks hold whose latest GAD-7 score is in each band, "
                            + "from the last scan of the local store")
                    .tag("band", band.wireName())
                    .strongReference(true)
                    .register(registry);
        }
        for (MeasureChange change : CHANGE_VALUES) {
            Gauge.builder(CHANGES, this, census -> census.count(change))
                    .description("The same people by the change from their first GAD-7 score in the last 90 days "
                            + "(4 points or more is reliable)")
                    .tag("change", change.wireName())
                    .strongReference(true)
                    .register(registry);
        }
        gaugesRegistered = true;
    }
}
