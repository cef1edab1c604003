package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
import dev.reflect.producer.ingest.IngestMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenarios (b), (c) and (d): HTTP load from wrk against one URL. For the ingest scenarios the
 * service's own {@code reflect_ingest_events_total} counters say how many events Kafka
 * acknowledged in the window; that count, not wrk's, is the event rate, and any event the service
 * rejected or failed to write is reported against the row.
 */
final class HttpScenario implements ScenarioRunner {

    private static final Logger log = LoggerFactory.getLogger(HttpScenario.class);

    private final Scenario scenario;
    private final String description;
    private final Wrk wrk;
    private final Wrk.Load load;
    private final IngestCounters counters;

    /** @param counters the ingest service's counters, or null for the no-op endpoint */
    HttpScenario(Scenario scenario, String description, Wrk wrk, Wrk.Load load, IngestCounters counters) {
        this.scenario = scenario;
        this.description = description;
        this.wrk = wrk;
        this.load = load;
        this.counters = counters;
    }

    @Override
    public Scenario scenario() {
        return scenario;
    }

    @Override
    public void load(Duration duration) {
        WrkResult warm = wrk.run(load.lasting(duration));
        if (warm.problems() > 0) {
            log.warn("  warm-up: {} of {} requests had problems", warm.problems(), warm.requests());
        }
    }

    @Override
    public ScenarioResult measure(Duration duration) {
        double acceptedBefore = counters == null ? 0 : counters.accepted();
        double unsuccessfulBefore = counters == null ? 0 : counters.unsuccessful();
        CpuSample start = CpuSample.now();
        WrkResult measured = wrk.run(load.lasting(duration));
        CpuSample end = CpuSample.now();
        String wrkProblems = measured.problems() == 0
                ? null
                : String.format(
                        Locale.ROOT,
                        "%d non-2xx, %d socket errors, %d timeouts",
                        measured.statusErrors(),
                        measured.connectErrors() + measured.readErrors() + measured.writeErrors(),
                        measured.timeouts());
        Double eventsPerSecond = null;
        String serviceProblems = null;
        if (counters != null) {
            double accepted = counters.accepted() - acceptedBefore;
            double unsuccessful = counters.unsuccessful() - unsuccessfulBefore;
            if (unsuccessful > 0) {
                serviceProblems = String.format(Locale.ROOT, "%.0f events rejected or not written", unsuccessful);
            }
            eventsPerSecond = accepted / WrkResult.seconds(measured.duration());
            log.info(
                    "  {} requests answered 2xx ({} events by wrk's count), {} events acknowledged by the service's count",
                    measured.successfulRequests(),
                    measured.successfulRequests() * load.eventsPerRequest(),
                    (long) accepted);
        }
        log.info(
                "  p50 {} p90 {} p99 {} p99.9 {} max {}; wrk used {} cores",
                BenchmarkReport.latency(measured.p50()),
                BenchmarkReport.latency(measured.p90()),
                BenchmarkReport.latency(measured.p99()),
                BenchmarkReport.latency(measured.p999()),
                BenchmarkReport.latency(measured.max()),
                String.format(Locale.ROOT, "%.2f", measured.cpuCores()));
        CpuSample.Usage cpu = start.until(end);
        return new ScenarioResult(
                scenario,
                description,
                eventsPerSecond,
                measured.successfulRequestsPerSecond(),
                measured.p50(),
                measured.p99(),
                cpu,
                measured.cpuCores(),
                ScenarioResult.notes(cpu, wrkProblems, serviceProblems));
    }

    /** {@code reflect_ingest_events_total{type="checkin"}}, read from the running service. */
    static final class IngestCounters {

        private final Counter accepted;
        private final Counter rejected;
        private final Counter failed;

        IngestCounters(MeterRegistry registry) {
            this.accepted = counter(registry, "accepted");
            this.rejected = counter(registry, "rejected");
            this.failed = counter(registry, "failed");
        }

        double accepted() {
            return accepted.count();
        }

        double unsuccessful() {
            return rejected.count() + failed.count();
        }

        private static Counter counter(MeterRegistry registry, String outcome) {
            return registry.get(IngestMetrics.NAME)
                    .tag("type", "checkin")
                    .tag("outcome", outcome)
                    .counter();
        }
    }
}
