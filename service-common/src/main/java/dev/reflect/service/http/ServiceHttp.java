package dev.reflect.service.http;

import dev.reflect.events.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every Reflect HTTP service sets up the same way; call it first inside
 * {@code Javalin.create(config -> ...)}: the shared JSON mapping, {@link ProblemMapper},
 * {@link SecurityHeaders} and {@link RequestMetrics}.
 */
public final class ServiceHttp {

    private ServiceHttp() {
    }

    public static void configure(JavalinConfig config, MeterRegistry registry) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        ProblemMapper.install(config.routes);
        SecurityHeaders.install(config.routes);
        RequestMetrics.install(config, registry);
    }
}
