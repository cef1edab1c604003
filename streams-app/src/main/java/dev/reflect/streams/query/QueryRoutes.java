package dev.reflect.streams.query;

import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.health.Health;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.config.RoutesConfig;

/**
 * Every route of the query service, as in the table of contract section 6. {@code GET /}, the
 * progress page, is not served yet.
 */
public final class QueryRoutes {

    private QueryRoutes() {
    }

    /**
     * @param alive      liveness: false only when the Streams app has failed for good and a restart is the cure
     * @param ready      readiness: true only while the Streams app is RUNNING
     */
    public static void register(RoutesConfig routes, QueryHandlers queries, JwtAuthenticator authenticator,
                                ReadinessCheck alive, ReadinessCheck ready, ServiceMetrics metrics) {
        routes.beforeMatched("/v1/*", BearerAuth.require(authenticator));

        routes.get("/v1/users/{userId}/progress", queries::userProgress);
        routes.get("/v1/users/{userId}/escalation", queries::userEscalation);
        routes.get("/v1/me/progress", queries::myProgress);
        routes.get("/v1/me/escalation", queries::myEscalation);
        routes.get("/health/live", Health.ready(alive));
        routes.get("/health/ready", Health.ready(ready));
        routes.get("/metrics", metrics::scrape);
    }
}
