package dev.reflect.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reflect.events.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Response headers for a JSON API that serves personal data: nothing is cached, sniffed, framed
 * or leaked through the referrer. Set before the handler runs, so a handler that serves a page
 * (the query service's progress page) can replace {@code Content-Security-Policy} for itself.
 * HSTS belongs to whoever terminates TLS, so it is not set here.
 *
 * <p>Requests Jetty refuses before any route runs (a control character in the request line, a
 * URI or header too long) are answered by Jetty's error handler, not by Javalin;
 * {@link ServiceHttp#configure} installs {@link #errorHandler()} on the server so those answers
 * carry the same headers and a problem body instead of Jetty's HTML page.
 */
public final class SecurityHeaders {

    public static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final Map<String, String> HEADERS = headers();

    private SecurityHeaders() {}

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        return headers;
    }

    public static void install(RoutesConfig routes) {
        routes.before(SecurityHeaders::apply);
    }

    static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    /**
     * A Jetty error handler for what Jetty answers itself: the status Jetty chose, the headers
     * above and a generic {@code application/problem+json} body. Jetty's own page is not used
     * because it is HTML without these headers, and its message can describe the rejected input.
     */
    public static Request.Handler errorHandler() {
        return new ProblemErrorHandler();
    }

    private static final class ProblemErrorHandler extends ErrorHandler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = request.getAttribute(ERROR_STATUS) instanceof Integer code && code >= 400 ? code : 500;
            response.setStatus(status);
            HttpFields.Mutable fields = response.getHeaders();
            HEADERS.forEach(fields::put);
            fields.put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
            String title = HttpStatus.getMessage(status);
            byte[] body;
            try {
                body = Json.mapper()
                        .writeValueAsBytes(new ProblemMapper.Problem(
                                "urn:reflect:problem:http-" + status,
                                title == null ? "Error" : title,
                                status,
                                "The request could not be processed.",
                                null,
                                List.of()));
            } catch (JsonProcessingException impossible) {
                body = new byte[0];
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
