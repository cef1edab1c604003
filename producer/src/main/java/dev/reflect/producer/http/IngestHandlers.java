package dev.reflect.producer.http;

import dev.reflect.producer.ingest.IngestService;
import dev.reflect.producer.ratelimit.TokenBucketRateLimiter;
import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.Principal;
import dev.reflect.service.http.TooManyRequestsException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The ingest endpoints, thin: admit the request (token, media type, size, rate), hand the body
 * to {@link IngestService}, and answer once Kafka has acknowledged. A request waiting for Kafka
 * holds no server thread.
 */
public final class IngestHandlers {

    private final IngestService service;
    private final TokenBucketRateLimiter rateLimiter;
    private final Executor responseExecutor;
    private final Duration bodyDeadline;

    /**
     * @param responseExecutor where answers are written: the server's own pool. Writes complete on
     *     Kafka's I/O thread or a timer thread, and a slow client must not stall either of them.
     * @param bodyDeadline     how long a request body may take to arrive whole
     */
    public IngestHandlers(
            IngestService service,
            TokenBucketRateLimiter rateLimiter,
            Executor responseExecutor,
            Duration bodyDeadline) {
        this.service = service;
        this.rateLimiter = rateLimiter;
        this.responseExecutor = responseExecutor;
        this.bodyDeadline = bodyDeadline;
    }

    void checkIn(Context ctx) {
        Principal who = BearerAuth.principal(ctx);
        byte[] body = admit(ctx, who);
        respond(ctx, HttpStatus.ACCEPTED, service.submitCheckIn(who.userId(), body));
    }

    void journalEntry(Context ctx) {
        Principal who = BearerAuth.principal(ctx);
        byte[] body = admit(ctx, who);
        respond(ctx, HttpStatus.ACCEPTED, service.submitJournalEntry(who.userId(), body));
    }

    void measure(Context ctx) {
        Principal who = BearerAuth.principal(ctx);
        byte[] body = admit(ctx, who);
        respond(ctx, HttpStatus.ACCEPTED, service.submitMeasure(who.userId(), body));
    }

    void checkInBatch(Context ctx) {
        Principal who = BearerAuth.principal(ctx);
        byte[] body = admit(ctx, who);
        respond(ctx, HttpStatus.OK, service.submitCheckInBatch(who.userId(), body));
    }

    /** The order is the contract's: 415 and 413 before 429, so a malformed client is told why. */
    private byte[] admit(Context ctx, Principal who) {
        byte[] body = JsonBody.read(ctx, bodyDeadline);
        TokenBucketRateLimiter.Decision decision = rateLimiter.tryAcquire(who.userId());
        if (!decision.allowed()) {
            throw new TooManyRequestsException(decision.retryAfter());
        }
        return body;
    }

    // handleAsync, not thenAcceptAsync: failures must also hop, and only the *Async forms of
    // handle/whenComplete run their stage on the executor for an exceptional result.
    private <T> void respond(Context ctx, HttpStatus status, CompletableFuture<T> result) {
        ctx.future(() -> result.handleAsync(
                (value, failure) -> {
                    if (failure != null) {
                        throw failure instanceof CompletionException completion
                                ? completion
                                : new CompletionException(failure);
                    }
                    ctx.status(status).json(value);
                    return null;
                },
                responseExecutor));
    }
}
