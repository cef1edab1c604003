package dev.reflect.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the {@code /metrics} output clean for {@code promtool check metrics}, whose lint the
 * Prometheus tooling and the project's CI apply. Kafka's client metrics and two of Micrometer's
 * own JVM meters break its naming rules; this filter deals with each case deliberately:
 * <ul>
 *   <li><b>abbreviated units</b> ({@code kafka_producer_io_time_ns_total},
 *       {@code kafka_app_info_start_time_ms}, Micrometer's {@code process_cpu_time_ns_total}):
 *       dropped. A filter can rename a meter but not rescale its value, so a seconds name would
 *       lie. Nothing of use is lost: Kafka reports the same I/O and wait times as lint-clean
 *       ratios ({@code *_io_ratio}, {@code *_io_wait_ratio}), and {@link ServiceMetrics}
 *       registers process CPU time as the conventional {@code process_cpu_seconds_total};</li>
 *   <li><b>a {@code _count} (or {@code _sum}, {@code _bucket}) suffix on a gauge</b>, reserved for
 *       histograms and summaries: Micrometer's {@code system_cpu_count} is renamed
 *       {@code system_cpus}; the others are dropped. Kafka's {@code kafka_*_connection_count}
 *       is among them, not renamed: Micrometer's Kafka binder does not recognise a renamed meter
 *       as its own and registers it again on every refresh, warning each time. The open
 *       connections remain visible as {@code *_connection_creation_total} minus
 *       {@code *_connection_close_total};</li>
 *   <li><b>no help text</b> (some Kafka metrics have an empty description): given a generic
 *       one naming the Kafka metric.</li>
 * </ul>
 * Dropped meters are decided here, at registration, so they never reach the registry, and no
 * Prometheus registration failure is logged for them.
 */
final class PrometheusLint implements MeterFilter {

    /** promtool's list of unit abbreviations a name must not contain as a word. */
    private static final Set<String> ABBREVIATED_UNITS =
            Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d");

    private static final Pattern WORDS = Pattern.compile("[._\\-]");
    private static final Set<String> RESERVED_SUFFIXES = Set.of("count", "sum", "bucket");
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    @Override
    public Meter.Id map(Meter.Id id) {
        Meter.Id mapped = RENAMED.containsKey(id.getName()) ? id.withName(RENAMED.get(id.getName())) : id;
        String description = mapped.getDescription();
        if (description == null || description.isBlank()) {
            String help = mapped.getName().startsWith("kafka.")
                    ? "Kafka client metric " + mapped.getName() + " (Kafka gives no description)"
                    : mapped.getName();
            mapped = new Meter.Id(
                    mapped.getName(),
                    Tags.of(mapped.getTagsAsIterable()),
                    mapped.getBaseUnit(),
                    help,
                    mapped.getType());
        }
        return mapped;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String[] words = WORDS.split(id.getName().toLowerCase(Locale.ROOT));
        for (String word : words) {
            if (ABBREVIATED_UNITS.contains(word)) {
                return MeterFilterReply.DENY;
            }
        }
        String baseUnit = id.getBaseUnit();
        if (baseUnit != null && ABBREVIATED_UNITS.contains(baseUnit.toLowerCase(Locale.ROOT))) {
            return MeterFilterReply.DENY;
        }
        // A base unit goes at the end of the Prometheus name (jvm_buffer_count_buffers), hiding the suffix.
        if (!isCounter(id)
                && (baseUnit == null || baseUnit.isBlank())
                && RESERVED_SUFFIXES.contains(words[words.length - 1])) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }

    // Prometheus names counters with a _total suffix, so a counter's own last word is never the suffix.
    private static boolean isCounter(Meter.Id id) {
        return id.getType() == Meter.Type.COUNTER;
    }
}
