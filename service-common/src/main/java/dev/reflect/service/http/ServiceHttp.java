package dev.reflect.service.http;

import dev.reflect.events.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every Reflect HTTP service sets up the same way; call it first inside
 * {@code Javalin.create(config -> ...)}: the shared JSON mapping, {@link ProblemMapper},
 * {@link SecurityHeaders} (also on Jetty's own rejections) and {@link RequestMetrics}, and slow-client
 * protection.
 */
public final class ServiceHttp {

    /**
     * A request body arriving slower than this, on average since its first byte, is cut off (408).
     * Handlers read bodies on a server thread, and each byte resets Jetty's idle timeout, so without
     * it a client trickling a byte a second holds a thread for as long as it likes, and a few
     * hundred such clients hold them all. Kept low because Jetty checks the rate when the handler
     * reads, not when bytes arrive: a handler that gets the CPU late sees a whole body as slow. At
     * 256 B/s a 300-byte check-in read 1.2 s after it arrived got a 408 under a load average of 20
     * (SustainedLoadLongIT); at 32 B/s that takes a 9 s stall, while a 1 B/s trickle is still cut
     * off within about a second.
     */
    public static final long MIN_REQUEST_BYTES_PER_SECOND = 32;

    private ServiceHttp() {}

    // setMinRequestDataRate is deprecated for removal in Jetty 12.1 in favour of a MinDataRate
    // handler around the server; until Javalin exposes that handler, this is the slow-client guard.
    @SuppressWarnings("removal")
    public static void configure(JavalinConfig config, MeterRegistry registry) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND));
        // What Jetty rejects before any route runs (a bad URI, an oversized header) must carry the
        // same headers and a problem body as everything else, not Jetty's HTML page.
        config.jetty.modifyServer(server -> server.setErrorHandler(SecurityHeaders.errorHandler()));
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        ProblemMapper.install(config.routes);
        SecurityHeaders.install(config.routes);
        RequestMetrics.install(config, registry);
    }
}
