package dev.reflect.producer.http;

import dev.reflect.events.SharingChange;
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
    private final SharingLookup sharing;

    /**
     * @param responseExecutor where answers are written: the server's own pool. Writes complete on
     *     Kafka's I/O thread or a timer thread, and a slow client must not stall either of them.
     * @param bodyDeadline     how long a request body may take to arrive whole
     */
    public IngestHandlers(
            IngestService service,
            TokenBucketRateLimiter rateLimiter,
            Executor responseExecutor,
            Duration bodyDeadline,
            SharingLookup sharing) {
        this.service = service;
        this.rateLimiter = rateLimiter;
        this.responseExecutor = responseExecutor;
        this.bodyDeadline = bodyDeadline;
        this.sharing = sharing;
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

    /** {@code PUT /v1/me/sharing/{clinicianId}}: 204 once the grant is durable. */
    void share(Context ctx) {
        changeSharing(ctx, SharingChange.Action.GRANT);
    }

    /** {@code DELETE /v1/me/sharing/{clinicianId}}: 204 once the revocation is durable. */
    void stopSharing(Context ctx) {
        changeSharing(ctx, SharingChange.Action.REVOKE);
    }

    private void changeSharing(Context ctx, SharingChange.Action action) {
        Principal who = BearerAuth.principal(ctx);
        limit(who);
        respond(ctx, HttpStatus.NO_CONTENT, service.submitSharing(who.userId(), ctx.pathParam("clinicianId"), action));
    }

    /** {@code GET /v1/me/sharing}: as the query service answers it for this token. */
    void mySharing(Context ctx) {
        BearerAuth.principal(ctx);
        CompletableFuture<SharingLookup.Answer> answer = sharing.mySharing(ctx.header("Authorization"));
        ctx.future(() -> answer.handleAsync(
                (value, failure) -> {
                    if (failure != null) {
                        throw failure instanceof CompletionException completion
                                ? completion
                                : new CompletionException(failure);
                    }
                    ctx.status(value.status()).contentType(value.contentType()).result(value.body());
                    return null;
                },
                responseExecutor));
    }

    private void limit(Principal who) {
        TokenBucketRateLimiter.Decision decision = rateLimiter.tryAcquire(who.userId());
        if (!decision.allowed()) {
            throw new TooManyRequestsException(decision.retryAfter());
        }
    }

    /** The order is the contract's: 415 and 413 before 429, so a malformed client is told why. */
    private byte[] admit(Context ctx, Principal who) {
        byte[] body = JsonBody.read(ctx, bodyDeadline);
        limit(who);
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
                    if (value == null) {
                        ctx.status(status);
                    } else {
                        ctx.status(status).json(value);
                    }
                    return null;
                },
                responseExecutor));
    }
}
