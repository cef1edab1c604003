package dev.reflect.service.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's Prometheus registry with the JVM and process metrics bound, and the
 * {@code GET /metrics} handler that exposes it. Each service instance owns its own registry, so
 * two services started in one JVM (the local run) do not mix their meters. Close it on shutdown:
 * the GC binder holds JMX listeners.
 *
 * <p>The output passes {@code promtool check metrics}: {@link PrometheusLint} renames or drops the
 * few Kafka and JVM meters whose names break Prometheus conventions, and process CPU time is
 * exported as the conventional {@code process_cpu_seconds_total} instead of Micrometer's
 * nanosecond counter.
 */
public final class ServiceMetrics implements AutoCloseable {

    /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** What a meter that could not be registered is logged as; tests look for it. */
    public static final String REGISTRATION_FAILED = "was not registered";

    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;

    private ServiceMetrics(PrometheusMeterRegistry registry, MeterFilter... filters) {
        this.registry = registry;
        // Prometheus refuses a second meter of one name but another type (Kafka's client metrics
        // can clash like that), and Micrometer reports only the first such drop unless asked.
        registry.config()
                .onMeterRegistrationFailed(
                        (id, reason) -> log.warn("Meter {} " + REGISTRATION_FAILED + ": {}", id.getName(), reason));
        // Before any meter exists: a filter only sees meters registered after it.
        registry.config().meterFilter(new PrometheusLint());
        for (MeterFilter filter : filters) {
            registry.config().meterFilter(filter);
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bindProcessCpuSeconds(registry);
    }

    private static void bindProcessCpuSeconds(PrometheusMeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean && bean.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", bean, b -> b.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the JVM process")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    public static ServiceMetrics create() {
        return new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * With a service's own filters too, e.g. to drop meters it does not want exported. They are
     * installed before any meter exists, as a filter only applies to meters registered after it.
     */
    public static ServiceMetrics create(MeterFilter... filters) {
        return new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), filters.clone());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Handler for {@code GET /metrics}. */
    public void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
