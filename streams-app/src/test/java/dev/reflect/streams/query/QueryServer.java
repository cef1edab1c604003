package dev.reflect.streams.query;

import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.http.ServiceHttp;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.page.ProgressPage;
import dev.reflect.streams.progress.ProgressCalculator;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query API's real routes, handlers, service and HTTP peer client in-process on a free port,
 * with Kafka Streams replaced by a {@link FakeUserStateLookup}. Counts the forwards it sends.
 */
final class QueryServer implements AutoCloseable {

    final FakeUserStateLookup lookup = new FakeUserStateLookup(new HostInfo("127.0.0.1", 0));
    final AtomicBoolean ready = new AtomicBoolean(true);
    final AtomicBoolean alive = new AtomicBoolean(true);
    final AtomicInteger forwardsSent = new AtomicInteger();
    final RecordingCareRecords care = new RecordingCareRecords();
    final ServiceMetrics metrics = ServiceMetrics.create();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Javalin javalin;
    private final AtomicBoolean stopped = new AtomicBoolean();

    QueryServer(byte[] secret) {
        HttpPeerClient http = new HttpPeerClient(Duration.ofSeconds(1), Duration.ofSeconds(5), executor);
        PeerClient counting = (host, query, authorization) -> {
            forwardsSent.incrementAndGet();
            return http.fetch(host, query, authorization);
        };
        UserQueries queries = new UserQueries(
                lookup,
                counting,
                new ProgressCalculator(EscalationThresholds.defaults()),
                care,
                java.time.Clock.systemUTC());
        QueryHandlers handlers = new QueryHandlers(queries, executor);
        javalin = Javalin.create(config -> {
                    ServiceHttp.configure(config, metrics.registry());
                    QueryRoutes.register(
                            config.routes,
                            handlers,
                            JwtAuthenticator.hs256(secret),
                            alive::get,
                            ready::get,
                            metrics,
                            ProgressPage.fromClasspath());
                })
                .start("127.0.0.1", 0);
        lookup.self(address());
    }

    HostInfo address() {
        return new HostInfo("127.0.0.1", javalin.port());
    }

    int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            javalin.stop();
            executor.shutdownNow();
            metrics.close();
        }
    }
}
