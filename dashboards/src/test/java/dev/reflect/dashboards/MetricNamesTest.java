package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.dashboards.support.MetricReferences;
import dev.reflect.dashboards.support.RuleFiles;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every metric name a dashboard panel or a rule reads is one the contract names, one the
 * libraries the services use export (library-metrics.txt), or one a recording rule records.
 * MetricsExportedIT checks the same names against the running services.
 */
class MetricNamesTest {

    @Test
    void theContractSectionIsReadable() {
        assertThat(MetricReferences.contractNames())
                .contains(
                        "reflect_checkins_total",
                        "reflect_user_escalation_level",
                        "reflect_ingest_events_total",
                        "http_server_requests_seconds_bucket",
                        "reflect_event_delay_seconds_count");
    }

    @Test
    void everyNameReadIsKnown() {
        Set<String> known = new HashSet<>(MetricReferences.contractNames());
        known.addAll(MetricReferences.libraryNames());
        known.addAll(RuleFiles.recordedNames());
        Map<String, Set<String>> unknown = new TreeMap<>(MetricReferences.referenced());
        unknown.keySet().removeAll(known);
        assertThat(unknown)
                .as("metric names read but neither in the contract, library-metrics.txt nor recorded")
                .isEmpty();
    }

    @Test
    void everyContractMetricIsShownSomewhere() {
        Set<String> unused = new HashSet<>(MetricReferences.contractNames());
        unused.removeAll(MetricReferences.referenced().keySet());
        // A histogram is read through one or two of its series, not all three.
        unused.removeIf(name -> name.matches(".*_(bucket|sum|count)$"));
        unused.removeIf(
                name -> name.equals("reflect_event_delay_seconds") || name.equals("http_server_requests_seconds"));
        assertThat(unused).as("contract metrics no dashboard or rule reads").isEmpty();
    }

    @Test
    void everyLibraryNameListedIsUsed() {
        Set<String> unused = new HashSet<>(MetricReferences.libraryNames());
        unused.removeAll(MetricReferences.referenced().keySet());
        assertThat(unused).as("library-metrics.txt entries nothing reads").isEmpty();
    }

    @Test
    void everyRecordedNameIsRecordedOnce() {
        assertThat(RuleFiles.recordedNames()).doesNotHaveDuplicates();
    }
}
