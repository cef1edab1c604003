package dev.reflect.streams.rights;

import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.service.rights.ErasureRequests;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code DELETE /v1/me} (contract section 9): the signed-in person asks to be erased. Answers 202
 * once the request is on {@code reflect.erasure-requests.v1}; the streams task holding the person
 * carries it out within seconds (see {@link ErasureProcessor}), and the proof appears on
 * {@code reflect.erasures.v1}. Asking again is harmless. 503 when Kafka did not take the request.
 */
public final class ErasureHandlers {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final ErasureRequests requests;
    private final Clock clock;

    public ErasureHandlers(ErasureRequests requests, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void eraseMe(Context ctx) {
        String userId = BearerAuth.principal(ctx).userId();
        try {
            requests.request(userId, clock.instant()).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
        ctx.status(202)
                .json(Map.of(
                        "status", "erasing",
                        "detail", "Everything held about you is being erased; within a minute nothing of it answers."));
    }

    private static ServiceUnavailableException unavailable() {
        return new ServiceUnavailableException(
                "The erasure could not be recorded; nothing was erased. Retry shortly.", Duration.ofSeconds(2));
    }
}
