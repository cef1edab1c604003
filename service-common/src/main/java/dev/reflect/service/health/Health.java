package dev.reflect.service.health;

import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;

/**
 * Handlers for {@code GET /health/live} and {@code GET /health/ready}. Liveness says only that the
 * process answers; readiness says whether it can do its work, so a load balancer stops sending
 * traffic while Kafka is away and the process is not restarted for it.
 */
public final class Health {

    private static final Map<String, String> UP = Map.of("status", "UP");
    private static final Map<String, String> DOWN = Map.of("status", "DOWN");

    private Health() {}

    /** 200 {@code {"status":"UP"}}. */
    public static Handler live() {
        return ctx -> ctx.json(UP);
    }

    /**
     * 200 {@code {"status":"UP"}} when the check passes, else 503 {@code {"status":"DOWN"}} with
     * {@code Retry-After}, and the check's {@code reason} when it gives one.
     */
    public static Handler ready(ReadinessCheck check) {
        return ctx -> {
            if (check.isReady()) {
                ctx.json(UP);
                return;
            }
            ctx.status(503).header("Retry-After", "5");
            Optional<String> reason = check.reason();
            ctx.json(reason.isPresent() ? Map.of("status", "DOWN", "reason", reason.get()) : DOWN);
        };
    }
}
