package dev.reflect.streams.metrics;

import dev.reflect.events.Alert;
import dev.reflect.events.Instrument;
import dev.reflect.events.Measure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The population counters of the measure track (contract section 10), by instrument, every series
 * from startup at 0:
 * <pre>
 *   reflect_measures_total{instrument}                  answers kept (a repeated eventId is not counted)
 *   reflect_measure_deteriorations_total{instrument}    measure_deterioration alerts emitted
 * </pre>
 * Counts of processing, like {@link PatternMetrics}'s: an aborted transaction's records count again.
 */
final class MeasureMetrics {

    static final String MEASURES = "reflect.measures";
    static final String DETERIORATIONS = "reflect.measure.deteriorations";

    private final Map<Instrument, Counter> measures = new EnumMap<>(Instrument.class);
    private final Map<Instrument, Counter> deteriorations = new EnumMap<>(Instrument.class);

    MeasureMetrics(MeterRegistry registry) {
        for (Instrument instrument : Instrument.values()) {
            measures.put(
                    instrument,
                    Counter.builder(MEASURES)
                            .description("Answers to standardized questionnaires kept, by instrument")
                            .tag("instrument", instrument.name())
                            .register(registry));
            deteriorations.put(
                    instrument,
                    Counter.builder(DETERIORATIONS)
                            .description("Reliable deteriorations into the moderate or severe band alerted "
                                    + "(rule measure_deterioration), by instrument")
                            .tag("instrument", instrument.name())
                            .register(registry));
        }
    }

    void counted(Measure measure) {
        measures.get(measure.instrument()).increment();
    }

    void alerted(Alert alert) {
        if (alert.measure() != null) {
            deteriorations.get(alert.measure().instrument()).increment();
        }
    }
}
