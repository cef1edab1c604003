package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.dashboards.support.Exposition;
import dev.reflect.dashboards.support.MetricReferences;
import dev.reflect.dashboards.support.ReflectServices;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric name a dashboard panel or a rule reads is really exported: the real ingest service
 * and streams app run in-process on the test broker, process a few events of each kind, and the
 * union of their two {@code /metrics} answers must hold every name (recorded series and
 * Prometheus' own {@code up} aside, which MetricNamesTest accounts for).
 */
@WithKafka
class MetricsExportedIT {

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    @Test
    void everyMetricNameReadByDashboardsAndRulesIsExportedByTheRunningServices() {
        Map<String, Set<String>> referenced = MetricReferences.referencedRaw();
        assertThat(referenced)
                .as("the extractor found the dashboards' and rules' metric names")
                .containsKeys(
                        "reflect_user_escalation_level",
                        "http_server_requests_seconds_bucket",
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "jvm_memory_used_bytes");
        String userId = "u-" + UUID.randomUUID();

        try (ReflectServices services = ReflectServices.start(kafka, stateDir)) {
            services.checkIn(userId, 30, """
                    [{"type":"SOUGHT_REASSURANCE","count":3},{"type":"CHECKED_DEVICE","count":3}]""");
            services.journalEntry(userId);
            services.invalidCheckIn(userId);
            services.deadLetter(userId);

            // Some meters only exist after their first event (a GC, a processed record, a request).
            await("every referenced metric name in the two scrapes")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        String ingest = services.ingestMetrics();
                        String streams = services.streamsMetrics();
                        Set<String> exported = new TreeSet<>(Exposition.sampleNames(ingest));
                        exported.addAll(Exposition.sampleNames(streams));
                        Map<String, Set<String>> missing = new TreeMap<>(referenced);
                        missing.keySet().removeAll(exported);
                        assertThat(missing)
                                .as("metric names read by dashboards or rules (-> where) that neither "
                                        + "service exports")
                                .isEmpty();
                        assertThat(ingest + streams)
                                .as("no raw userId in any label")
                                .doesNotContain(userId);
                        assertThat(streams).contains("user=\"" + ReflectServices.pseudonymOf(userId) + "\"");
                    });
        }
    }
}
