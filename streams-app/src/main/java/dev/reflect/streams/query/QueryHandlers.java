package dev.reflect.streams.query;

import dev.reflect.events.FieldError;
import dev.reflect.service.auth.BearerAuth;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.auth.Principal;
import dev.reflect.service.http.ForbiddenException;
import dev.reflect.service.http.InvalidRequestException;
import dev.reflect.service.http.NotFoundException;
import dev.reflect.streams.entries.EntriesRequest;
import dev.reflect.streams.export.ExportDocument;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.UserEntries;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The query endpoints, thin: authenticate and authorise, read the parameters, ask
 * {@link UserQueries}, write its answer. A query waiting for another instance holds no server
 * thread.
 */
public final class QueryHandlers {

    static final String DAYS = "days";

    private final UserQueries queries;
    private final Executor responseExecutor;

    /**
     * @param responseExecutor where answers are written: the server's own pool. Forwarded answers
     *     complete on the HTTP client's threads, and a slow caller must not stall them.
     */
    public QueryHandlers(UserQueries queries, Executor responseExecutor) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.responseExecutor = Objects.requireNonNull(responseExecutor, "responseExecutor");
    }

    void userProgress(Context ctx) {
        Principal reader = BearerAuth.principal(ctx);
        String userId = ctx.pathParam("userId");
        ask(ctx, UserQuery.progress(userId, days(ctx.queryParam(DAYS)), reader));
    }

    void userEscalation(Context ctx) {
        ask(ctx, UserQuery.escalation(ctx.pathParam("userId"), BearerAuth.principal(ctx)));
    }

    /** {@code GET /v1/users/{userId}/access}: 204 when the caller may read the person's data, else 403. */
    void userAccess(Context ctx) {
        ask(ctx, UserQuery.access(ctx.pathParam("userId"), BearerAuth.principal(ctx)));
    }

    /** {@code POST /v1/caseload/{userId}/alerts/seen}: a clinician has seen the person's alerts. */
    void alertsSeen(Context ctx) {
        ask(ctx, UserQuery.alertsSeen(ctx.pathParam("userId"), BearerAuth.principal(ctx)));
    }

    /** {@code GET /v1/caseload}: the people who share with the calling clinician, most urgent first. */
    void caseload(Context ctx) {
        Principal reader = BearerAuth.principal(ctx);
        if (!reader.clinician()) {
            throw new ForbiddenException("Only a clinician has a caseload: a token with the "
                    + JwtAuthenticator.CLINICIAN_SCOPE + " scope.");
        }
        respond(ctx, UserQuery.caseload(reader));
    }

    void mySharing(Context ctx) {
        respond(ctx, UserQuery.sharing(BearerAuth.principal(ctx)));
    }

    void myAccessLog(Context ctx) {
        respond(ctx, UserQuery.accessLog(BearerAuth.principal(ctx)));
    }

    void myProgress(Context ctx) {
        respond(ctx, UserQuery.progress(BearerAuth.principal(ctx).userId(), days(ctx.queryParam(DAYS))));
    }

    void myEscalation(Context ctx) {
        respond(ctx, UserQuery.escalation(BearerAuth.principal(ctx).userId()));
    }

    void userMeasures(Context ctx) {
        ask(ctx, UserQuery.measures(ctx.pathParam("userId"), BearerAuth.principal(ctx)));
    }

    void myMeasures(Context ctx) {
        respond(ctx, UserQuery.measures(BearerAuth.principal(ctx).userId()));
    }

    /** {@code GET /v1/me/export}: everything held about the caller, one streamed JSON document, as a file. */
    void myExport(Context ctx) {
        respond(ctx, UserQuery.export(BearerAuth.principal(ctx)));
    }

    void myEntries(Context ctx) {
        respond(ctx, UserQuery.entries(BearerAuth.principal(ctx).userId(), entriesRequest(ctx)));
    }

    void userEntries(Context ctx) {
        ask(ctx, UserQuery.entries(ctx.pathParam("userId"), entriesRequest(ctx), BearerAuth.principal(ctx)));
    }

    /** The entries parameters; every one that is wrong is named in one 400. */
    static EntriesRequest entriesRequest(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        Optional<LocalDate> from = day(ctx.queryParam("from"), "from", errors);
        Optional<LocalDate> to = day(ctx.queryParam("to"), "to", errors);
        Optional<UserEntries.Kind> type = Optional.empty();
        String rawType = ctx.queryParam("type");
        if (rawType != null) {
            type = Arrays.stream(UserEntries.Kind.values())
                    .filter(kind -> kind.wireName().equals(rawType.trim()))
                    .findFirst();
            if (type.isEmpty()) {
                errors.add(new FieldError(
                        "type",
                        "must be one of "
                                + String.join(
                                        ", ",
                                        Arrays.stream(UserEntries.Kind.values())
                                                .map(UserEntries.Kind::wireName)
                                                .toList())));
            }
        }
        int limit = EntriesRequest.DEFAULT_LIMIT;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < EntriesRequest.MIN_LIMIT || limit > EntriesRequest.MAX_LIMIT) {
                errors.add(new FieldError(
                        "limit",
                        "must be an integer between " + EntriesRequest.MIN_LIMIT + " and " + EntriesRequest.MAX_LIMIT));
            }
        }
        Optional<EntriesRequest.Cursor> cursor = Optional.empty();
        String rawCursor = ctx.queryParam("cursor");
        if (rawCursor != null) {
            cursor = EntriesRequest.Cursor.decode(rawCursor.trim());
            if (cursor.isEmpty()) {
                errors.add(new FieldError("cursor", "must be a nextCursor this API returned"));
            }
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            errors.add(new FieldError("from", "must not be after to"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The entries parameters are not valid.", errors);
        }
        return new EntriesRequest(from, to, type, limit, cursor);
    }

    private static Optional<LocalDate> day(String raw, String field, List<FieldError> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.trim()));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date as YYYY-MM-DD"));
            return Optional.empty();
        }
    }

    /** The {@code days} parameter: 28 when absent, else an integer 1..90 (400 naming {@code days}). */
    static int days(String raw) {
        if (raw == null) {
            return ProgressCalculator.DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(raw.trim());
            if (days >= ProgressCalculator.MIN_DAYS && days <= ProgressCalculator.MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the one answer below
        }
        String rule =
                "must be an integer between " + ProgressCalculator.MIN_DAYS + " and " + ProgressCalculator.MAX_DAYS;
        throw new InvalidRequestException(
                "The " + DAYS + " parameter " + rule + ".", List.of(new FieldError(DAYS, rule)));
    }

    /**
     * A question about a person by id. Only the person and clinicians can be allowed; anyone else
     * is refused here, and the refusal audited. A clinician is judged where the person's data is,
     * by whether the person shares with them. An id longer than any person's is nobody's: no one
     * can share under it, so a clinician is refused, as for any person who does not share.
     */
    private void ask(Context ctx, UserQuery query) {
        boolean impossibleId = query.userId().length() > Principal.MAX_USER_ID_LENGTH;
        if (query.byOther() && (!query.reader().clinician() || impossibleId)) {
            respond(ctx, queries.refuse(query));
            return;
        }
        if (impossibleId) {
            throw new NotFoundException("There is no data for this user.");
        }
        respond(ctx, query);
    }

    // handleAsync, not thenAcceptAsync: failures must also hop, and only the *Async forms of
    // handle/whenComplete run their stage on the executor for an exceptional result.
    private void respond(Context ctx, UserQuery query) {
        boolean forwarded = ctx.header(Forwarding.FORWARDED_HEADER) != null;
        String authorization = ctx.header("Authorization");
        respond(ctx, queries.answer(query, authorization, forwarded));
    }

    private void respond(Context ctx, CompletableFuture<QueryAnswer> pending) {
        ctx.future(() -> pending.handleAsync(
                (answer, failure) -> {
                    if (failure != null) {
                        throw failure instanceof CompletionException completion
                                ? completion
                                : new CompletionException(failure);
                    }
                    write(ctx, answer);
                    return null;
                },
                responseExecutor));
    }

    private static void write(Context ctx, QueryAnswer answer) {
        if (answer instanceof QueryAnswer.NoContent done) {
            ctx.header(Forwarding.REPLICA_HEADER, done.fromStandby() ? "standby" : "active");
            ctx.status(204);
        } else if (answer instanceof QueryAnswer.Computed computed
                && computed.body() instanceof ExportDocument export) {
            ctx.header(Forwarding.REPLICA_HEADER, computed.fromStandby() ? "standby" : "active");
            ctx.header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
            ctx.contentType("application/json");
            // Written as it is made: the response streams, no copy of the document is built first.
            try {
                export.writeTo(ctx.outputStream());
            } catch (IOException e) {
                // The caller went away mid-document: once the first buffer is out, nothing more reaches them.
                throw new UncheckedIOException(e);
            }
        } else if (answer instanceof QueryAnswer.Computed computed) {
            ctx.header(Forwarding.REPLICA_HEADER, computed.fromStandby() ? "standby" : "active");
            ctx.json(computed.body());
        } else if (answer instanceof QueryAnswer.Relayed relayed) {
            PeerResponse response = relayed.response();
            ctx.status(response.status());
            response.headers().forEach((name, value) -> {
                if ("Content-Type".equalsIgnoreCase(name)) {
                    ctx.contentType(value);
                } else {
                    ctx.header(name, value);
                }
            });
            ctx.result(response.body());
        }
    }
}
