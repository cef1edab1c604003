package dev.reflect.service.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Response headers for a JSON API that serves personal data: nothing is cached, sniffed, framed
 * or leaked through the referrer. Set before the handler runs, so a handler that serves a page
 * (the query service's progress page) can replace {@code Content-Security-Policy} for itself.
 * HSTS belongs to whoever terminates TLS, so it is not set here.
 */
public final class SecurityHeaders {

    public static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    public static void install(RoutesConfig routes) {
        routes.before(SecurityHeaders::apply);
    }

    static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }
}
