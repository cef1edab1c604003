package dev.reflect.bench;

import io.javalin.Javalin;

/**
 * Scenario (d): what Javalin and Jetty cost by themselves. A bare Javalin app with default
 * settings whose one POST route answers 202 with a small JSON body, like the ingest service's
 * answer, without reading the request. The load is the same as for single-event ingest (same
 * token header and body), so the difference between the two is the ingest work.
 */
final class NoOpEndpoint implements AutoCloseable {

    static final String PATH = "/noop";
    private static final String ANSWER = "{\"status\":\"accepted\"}";

    private final Javalin javalin;

    private NoOpEndpoint(Javalin javalin) {
        this.javalin = javalin;
    }

    static NoOpEndpoint start() {
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.post(
                    PATH, ctx -> ctx.status(202).contentType("application/json").result(ANSWER));
        });
        javalin.start("127.0.0.1", 0);
        return new NoOpEndpoint(javalin);
    }

    int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
