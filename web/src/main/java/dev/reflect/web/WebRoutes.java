package dev.reflect.web;

import dev.reflect.service.health.Health;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.web.proxy.ReverseProxy;
import dev.reflect.web.shell.AppShell;
import dev.reflect.web.signin.SignInHandlers;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;

/**
 * Every route of the web app: the app itself, sign-in, and the contract's API tables (section 6,
 * section 9's entries) passed on to the service that owns each route. The services check every
 * token themselves; this server adds no access rule and takes none away. A {@code /v1} route not
 * listed here is a 404 from this server, so nothing unplanned reaches a service through it.
 */
final class WebRoutes {

    /** The existing progress page of the query service, shown at this address. */
    static final String PROGRESS = "/progress/";

    private WebRoutes() {}

    static void register(
            RoutesConfig routes,
            URI ingest,
            URI query,
            ReverseProxy proxy,
            AppShell shell,
            SignInHandlers signIn,
            ServiceMetrics metrics) {
        // Ingest service (writes)
        routes.post("/v1/check-ins", proxy.to(ingest));
        routes.post("/v1/journal-entries", proxy.to(ingest));
        routes.post("/v1/check-ins/batch", proxy.to(ingest));
        routes.post("/v1/measures", proxy.to(ingest));
        // Sharing with a clinician (contract section 8): the person's own grants, kept by ingest.
        routes.put("/v1/me/sharing/{clinicianId}", proxy.to(ingest));
        routes.delete("/v1/me/sharing/{clinicianId}", proxy.to(ingest));
        routes.get("/v1/me/sharing", proxy.to(ingest));

        // Query service (reads)
        routes.get("/v1/me/progress", proxy.to(query));
        routes.get("/v1/me/escalation", proxy.to(query));
        routes.get("/v1/me/entries", proxy.to(query));
        routes.get("/v1/users/{userId}/progress", proxy.to(query));
        routes.get("/v1/users/{userId}/escalation", proxy.to(query));
        routes.get("/v1/users/{userId}/entries", proxy.to(query));
        routes.get("/v1/me/measures", proxy.to(query));
        routes.get("/v1/users/{userId}/measures", proxy.to(query));
        // Who read my data; a clinician's caseload and marking alerts seen (contract section 8).
        routes.get("/v1/me/access-log", proxy.to(query));
        routes.get("/v1/caseload", proxy.to(query));
        routes.post("/v1/caseload/{userId}/alerts/seen", proxy.to(query));
        // Everything held about the person as one file (contract section 9); streamed through as it comes.
        routes.get("/v1/me/export", proxy.to(query));
        // Erasure of everything about the person (contract section 9), carried out by the streams app.
        routes.delete("/v1/me", proxy.to(query));

        // The progress page (query service's GET / and its files), under /progress/
        routes.get(PROGRESS, progressPage(proxy.to(query, path -> "/")));
        routes.get(PROGRESS + "assets/{name}", proxy.to(query, path -> path.substring(PROGRESS.length() - 1)));

        // The app
        routes.get("/", shell::index);
        routes.get(AppShell.ASSETS + "{name}", shell::asset);
        routes.get(AppShell.MANIFEST, shell::manifest);
        routes.get(AppShell.SERVICE_WORKER, shell::serviceWorker);
        routes.get("/auth/config", signIn::config);
        routes.post("/auth/token", signIn::token);

        routes.get("/health/live", Health.live());
        routes.get("/health/ready", Health.live());
        routes.get("/metrics", metrics::scrape);
    }

    /** The page's files are relative to it, so it must be asked for as {@code /progress/}, slash included. */
    private static Handler progressPage(Handler page) {
        return (Context ctx) -> {
            if (!ctx.req().getRequestURI().endsWith("/")) {
                ctx.redirect(PROGRESS, io.javalin.http.HttpStatus.MOVED_PERMANENTLY);
                return;
            }
            page.handle(ctx);
        };
    }
}
