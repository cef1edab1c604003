package dev.reflect.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reflect.events.FieldError;
import dev.reflect.events.Json;
import dev.reflect.service.log.SafeThrowables;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: every error leaves as {@code application/problem+json} (RFC 9457).
 * {@link ProblemException}s carry their own status, detail, field errors and headers; Javalin's
 * own responses (unknown route, 405) get a generic detail, because Javalin's messages quote the
 * request path, which can hold a user id; anything else is a 500 that is logged without its
 * message under a fresh {@code instance} id the client also sees, so a report can be matched.
 */
public final class ProblemMapper {

    public static final String CONTENT_TYPE = "application/problem+json";

    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    private ProblemMapper() {}

    /** The RFC 9457 body. {@code errors} is present only for validation problems. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(
            String type, String title, int status, String detail, String instance, List<FieldError> errors) {}

    /** Registers the mapper for every exception on these routes. */
    public static void install(RoutesConfig routes) {
        // Javalin resolves the most specific handler, and its own HttpResponseExceptions would
        // bypass a handler registered for Exception alone.
        routes.exception(HttpResponseException.class, (e, ctx) -> handle(e, ctx));
        routes.exception(Exception.class, (e, ctx) -> handle(e, ctx));
    }

    /** Maps any throwable to a problem response on {@code ctx}. */
    public static void handle(Throwable thrown, Context ctx) {
        Throwable e = unwrap(thrown);
        String instance = "urn:uuid:" + UUID.randomUUID();
        if (e instanceof ProblemException problem) {
            problem.headers().forEach(ctx::header);
            write(
                    ctx,
                    new Problem(
                            problem.type(),
                            problem.title(),
                            problem.status(),
                            problem.detail(),
                            instance,
                            problem.errors()));
            if (problem.status() >= 500) {
                log.warn(
                        "{} {} answered {} ({}): {}",
                        ctx.method(),
                        routeOf(ctx),
                        problem.status(),
                        instance,
                        problem.detail());
            }
        } else if (e instanceof HttpException jetty && jetty.getCode() >= 400 && jetty.getCode() < 500) {
            // Jetty refusing the request itself while the handler reads it, e.g. 408 for a body
            // that arrives slower than the minimum data rate: the client's fault, not a 500.
            int status = jetty.getCode();
            HttpStatus known = HttpStatus.forStatus(status);
            write(
                    ctx,
                    new Problem(
                            "urn:reflect:problem:http-" + status,
                            known == HttpStatus.UNKNOWN ? "Error" : known.getMessage(),
                            status,
                            genericDetail(status),
                            instance,
                            List.of()));
        } else if (e instanceof HttpResponseException http) {
            HttpStatus status = HttpStatus.forStatus(http.getStatus());
            String title = status == HttpStatus.UNKNOWN ? "Error" : status.getMessage();
            write(
                    ctx,
                    new Problem(
                            "urn:reflect:problem:http-" + http.getStatus(),
                            title,
                            http.getStatus(),
                            genericDetail(http.getStatus()),
                            instance,
                            List.of()));
        } else {
            log.error("{} {} failed ({}): {}", ctx.method(), routeOf(ctx), instance, SafeThrowables.describe(e));
            write(
                    ctx,
                    new Problem(
                            "urn:reflect:problem:internal",
                            "Internal server error",
                            500,
                            "The request could not be processed.",
                            instance,
                            List.of()));
        }
    }

    private static String genericDetail(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 408 -> "The request body arrived too slowly.";
            case 413 -> "The request body is too large.";
            default -> "The request could not be processed.";
        };
    }

    /** The route template, never the raw path: paths hold user ids. */
    private static String routeOf(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "(unmatched)" : endpoint.path;
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static void write(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status())
                    .contentType(CONTENT_TYPE)
                    .result(Json.mapper().writeValueAsBytes(problem));
        } catch (JsonProcessingException impossible) {
            ctx.status(500).result("");
        }
    }
}
