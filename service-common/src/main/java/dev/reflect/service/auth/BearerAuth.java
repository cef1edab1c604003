package dev.reflect.service.auth;

import dev.reflect.service.http.ForbiddenException;
import dev.reflect.service.http.UnauthorizedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;

/**
 * Javalin glue for {@link JwtAuthenticator}: a before-handler that authenticates the request's
 * {@code Authorization: Bearer} token and keeps the {@link Principal} on the context. Failures
 * are thrown as {@link UnauthorizedException}, which the problem mapper answers as 401 with
 * {@code WWW-Authenticate: Bearer}.
 *
 * <pre>{@code
 * config.routes.beforeMatched("/v1/*", BearerAuth.require(authenticator));
 * ...
 * Principal who = BearerAuth.principal(ctx);
 * }</pre>
 */
public final class BearerAuth {

    private static final String ATTRIBUTE = "reflect.principal";
    private static final String SCHEME = "bearer ";

    private BearerAuth() {}

    /** A before-handler that rejects requests without a valid bearer token. */
    public static Handler require(JwtAuthenticator authenticator) {
        return ctx -> ctx.attribute(ATTRIBUTE, authenticator.authenticate(token(ctx)));
    }

    /** The principal {@link #require} stored; a route without the before-handler gets a 401, never a null. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw UnauthorizedException.missingToken();
        }
        return principal;
    }

    /**
     * The principal, if it is {@code userId}'s own; else 403. The clinician scope alone grants
     * nothing: who shares with whom is the streams app's to judge.
     */
    public static Principal requireSelf(Context ctx, String userId) {
        Principal principal = principal(ctx);
        if (!principal.is(userId)) {
            throw new ForbiddenException("Only the person, or a clinician they share their data with, may read it.");
        }
        return principal;
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw UnauthorizedException.missingToken();
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw UnauthorizedException.invalidToken("The Authorization header must use the Bearer scheme.");
        }
        return header.substring(SCHEME.length()).trim();
    }
}
