package dev.reflect.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static final List<String> ABBREVIATED_UNITS =
            List.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d");

    @Test
    void dropsMetersWithAbbreviatedUnitsThatCannotBeRescaled() {
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            FunctionCounter.builder("kafka.producer.io.time.ns.total", this, x -> 1)
                    .description("io")
                    .register(metrics.registry());
            Gauge.builder("kafka.app.info.start.time.ms", () -> 1)
                    .description("start")
                    .register(metrics.registry());

            assertThat(metrics.registry().scrape())
                    .doesNotContain("_ns_")
                    .doesNotContain("time_ms")
                    .doesNotContain("process_cpu_time_ns_total")
                    .contains("process_cpu_seconds_total");
        }
    }

    @Test
    void renamesTheJvmsCpuCountAndDropsOtherGaugesWithAHistogramSuffix() {
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            Gauge.builder("kafka.producer.connection.count", () -> 2)
                    .description("connections")
                    .register(metrics.registry());
            Gauge.builder("kafka.producer.mystery.count", () -> 3)
                    .description("unknown")
                    .register(metrics.registry());
            Counter.builder("reflect.things.count")
                    .description("a counter may end in count")
                    .register(metrics.registry());

            String scrape = metrics.registry().scrape();

            assertThat(scrape)
                    .contains("system_cpus ")
                    .doesNotContain("system_cpu_count")
                    .contains("jvm_buffer_count_buffers")
                    .doesNotContain("kafka_producer_connection")
                    .doesNotContain("mystery")
                    .contains("reflect_things_count_total");
        }
    }

    @Test
    void aServicesOwnFiltersApplyToEveryMeter() {
        try (ServiceMetrics metrics = ServiceMetrics.create(MeterFilter.denyNameStartsWith("jvm.memory"))) {
            Gauge.builder("jvm.memory.other", () -> 1).description("later").register(metrics.registry());

            assertThat(metrics.registry().scrape()).doesNotContain("jvm_memory").contains("jvm_threads_live_threads");
        }
    }

    @Test
    void givesMetersWithoutDescriptionAHelpText() {
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            Gauge.builder("kafka.producer.node.request.latency.avg", () -> 1).register(metrics.registry());

            assertThat(metrics.registry().scrape()).contains("# HELP kafka_producer_node_request_latency_avg Kafka");
        }
    }

    @Test
    void aKafkaProducersMetricsFollowPrometheusNaming() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                ProducerConfig.CLIENT_ID_CONFIG,
                "service-metrics-test");
        try (ServiceMetrics metrics = ServiceMetrics.create();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                KafkaClientMetrics binder = new KafkaClientMetrics(producer)) {
            binder.bindTo(metrics.registry());

            String scrape = metrics.registry().scrape();

            assertThat(scrape).contains("kafka_producer_record_send_total").contains("jvm_memory_used_bytes");
            Matcher types = TYPE_LINE.matcher(scrape);
            while (types.find()) {
                String name = types.group(1);
                String type = types.group(2);
                List<String> words = Arrays.asList(name.split("_"));
                assertThat(words).as(name).doesNotContainAnyElementsOf(ABBREVIATED_UNITS);
                if (!type.equals("histogram") && !type.equals("summary")) {
                    assertThat(name)
                            .as(name)
                            .doesNotEndWith("_count")
                            .doesNotEndWith("_sum")
                            .doesNotEndWith("_bucket");
                }
                assertThat(scrape).as("help of " + name).contains("# HELP " + name + " ");
            }
        }
    }
}
