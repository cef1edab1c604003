package dev.reflect.producer.http;

import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.health.Health;
import dev.reflect.service.health.ReadinessCheck;
import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.config.RoutesConfig;

/** Every route of the ingest service, as in the table of contract section 6. */
public final class IngestRoutes {

    private IngestRoutes() {}

    public static void register(
            RoutesConfig routes,
            IngestHandlers ingest,
            JwtAuthenticator authenticator,
            ReadinessCheck kafkaReady,
            ServiceMetrics metrics) {
        routes.beforeMatched("/v1/*", BearerAuth.require(authenticator));

        routes.post("/v1/check-ins", ingest::checkIn);
        routes.post("/v1/journal-entries", ingest::journalEntry);
        routes.post("/v1/check-ins/batch", ingest::checkInBatch);
        routes.put("/v1/me/sharing/{clinicianId}", ingest::share);
        routes.delete("/v1/me/sharing/{clinicianId}", ingest::stopSharing);
        routes.get("/v1/me/sharing", ingest::mySharing);
        routes.post("/v1/measures", ingest::measure);
        routes.get("/health/live", Health.live());
        routes.get("/health/ready", Health.ready(kafkaReady));
        routes.get("/metrics", metrics::scrape);
    }
}
