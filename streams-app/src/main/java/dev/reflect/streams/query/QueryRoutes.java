package dev.reflect.streams.query;

import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.health.Health;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.streams.page.ProgressPage;
import io.javalin.config.RoutesConfig;

/**
 * Every route of the query service, as in the table of contract section 6. The progress page and
 * its assets need no token: they are the same for everyone, and the page sends the person's token
 * with each data request it makes.
 */
public final class QueryRoutes {

    private QueryRoutes() {}

    /**
     * @param alive      liveness: false only when the Streams app has failed for good and a restart is the cure
     * @param ready      readiness: true only while the Streams app is RUNNING
     */
    public static void register(
            RoutesConfig routes,
            QueryHandlers queries,
            JwtAuthenticator authenticator,
            ReadinessCheck alive,
            ReadinessCheck ready,
            ServiceMetrics metrics,
            ProgressPage page) {
        routes.beforeMatched("/v1/*", BearerAuth.require(authenticator));

        routes.get("/v1/users/{userId}/progress", queries::userProgress);
        routes.get("/v1/users/{userId}/escalation", queries::userEscalation);
        routes.get("/v1/me/progress", queries::myProgress);
        routes.get("/v1/me/escalation", queries::myEscalation);
        routes.get("/v1/me/entries", queries::myEntries);
        routes.get("/v1/users/{userId}/entries", queries::userEntries);
        routes.get("/v1/users/{userId}/access", queries::userAccess);
        routes.get("/v1/me/sharing", queries::mySharing);
        routes.get("/v1/me/access-log", queries::myAccessLog);
        routes.get("/v1/caseload", queries::caseload);
        routes.post("/v1/caseload/{userId}/alerts/seen", queries::alertsSeen);
        routes.get("/v1/me/measures", queries::myMeasures);
        routes.get("/v1/me/export", queries::myExport);
        routes.get("/v1/users/{userId}/measures", queries::userMeasures);
        routes.get("/", page::index);
        routes.get(ProgressPage.ASSETS + "{name}", page::asset);
        routes.get("/health/live", Health.ready(alive));
        routes.get("/health/ready", Health.ready(ready));
        routes.get("/metrics", metrics::scrape);
    }
}
