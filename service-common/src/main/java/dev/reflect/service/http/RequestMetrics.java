package dev.reflect.service.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into the Micrometer timer {@value #TIMER} (Prometheus:
 * {@code http_server_requests_seconds}, with a percentile histogram so p99 can be computed across
 * instances), tagged {@code method}, {@code uri}, {@code status}, {@code outcome}. {@code uri} is
 * the route template ({@code /v1/users/{userId}/progress}), never the raw path: paths hold user
 * ids, and raw paths would also give every probe of a random URL its own time series. Unmatched
 * requests are {@code NOT_FOUND}.
 *
 * <p>Hooked in as a Javalin request logger, which runs once per request after the response is
 * written, including asynchronous ({@code ctx.future}) requests and failed ones.
 */
public final class RequestMetrics {

    public static final String TIMER = "http.server.requests";

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY");

    private RequestMetrics() {}

    public static void install(JavalinConfig config, MeterRegistry registry) {
        config.requestLogger.http((ctx, millis) -> record(registry, ctx, millis));
    }

    static void record(MeterRegistry registry, Context ctx, float millis) {
        int status = ctx.statusCode();
        Timer.builder(TIMER)
                .description("HTTP server requests by route template")
                .tag("method", method(ctx.method()))
                .tag("uri", uri(ctx))
                .tag("status", Integer.toString(status))
                .tag("outcome", Outcome.forStatus(status).name())
                .publishPercentileHistogram()
                .register(registry)
                .record((long) (millis * 1_000_000.0), TimeUnit.NANOSECONDS);
    }

    private static String method(HandlerType method) {
        String name = method.name();
        return KNOWN_METHODS.contains(name) ? name : "OTHER";
    }

    private static String uri(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "NOT_FOUND" : endpoint.path;
    }
}
