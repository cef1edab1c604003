package dev.reflect.web.proxy;

import dev.reflect.service.log.SafeThrowables;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a request on to the service it belongs to and its answer back, both streamed: method,
 * path and query as they came (still percent-encoded), the body, and every header except the
 * hop-by-hop ones (RFC 9110 section 7.6.1). The answer keeps its status and headers, so a 429 or
 * 503 keeps its {@code Retry-After}, a 401 its {@code WWW-Authenticate}, a page its own
 * Content-Security-Policy. A request waiting for a service holds no server thread.
 *
 * <p>Nothing about a request is logged but the route template and the failure's kind: paths hold
 * user ids and bodies hold notes.
 */
public final class ReverseProxy {

    /**
     * How long a service may take to answer. Longer than the ingest service's default wait for
     * Kafka (5 s), so its own 503 with {@code Retry-After} reaches the app rather than a 504.
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

    /** Hop-by-hop headers, and the ones this hop sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "http2-settings",
            // The services answer uncompressed; this server compresses for the browser if it may.
            "accept-encoding",
            // Nothing of Reflect uses cookies; whatever else on this host set one is not theirs to see.
            "cookie");

    private static final Set<String> NOT_RETURNED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "set-cookie");

    private final HttpClient http;
    private final Executor responseExecutor;

    /**
     * @param responseExecutor where answers are written: the server's own pool, so a slow browser
     *     never stalls the HTTP client's threads
     */
    public ReverseProxy(HttpClient http, Executor responseExecutor) {
        this.http = http;
        this.responseExecutor = responseExecutor;
    }

    /** The client this proxy is meant for: HTTP/1.1 to the services, no redirects followed. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Forwards to {@code upstream} with the request's own path. */
    public Handler to(URI upstream) {
        return to(upstream, UnaryOperator.identity());
    }

    /** Forwards to {@code upstream} with the request's raw path rewritten by {@code path}. */
    public Handler to(URI upstream, UnaryOperator<String> path) {
        return ctx -> forward(ctx, upstream, path.apply(ctx.req().getRequestURI()));
    }

    private void forward(Context ctx, URI upstream, String rawPath) {
        String query = ctx.req().getQueryString();
        URI target = URI.create(upstream + rawPath + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .method(ctx.method().name(), body(ctx));
        for (String name : ctx.headerMap().keySet()) {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : headerValues(ctx, name)) {
                    request.header(name, value);
                }
            }
        }
        ctx.future(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .handleAsync(
                        (response, failure) -> {
                            if (failure != null) {
                                throw failed(ctx, failure);
                            }
                            answer(ctx, response);
                            return null;
                        },
                        responseExecutor));
    }

    private static List<String> headerValues(Context ctx, String name) {
        List<String> values = Collections.list(ctx.req().getHeaders(name));
        return values.isEmpty() ? List.of("") : values;
    }

    private static HttpRequest.BodyPublisher body(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (length == 0 || (length < 0 && !chunked)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return ctx.req().getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    private static void answer(Context ctx, HttpResponse<InputStream> response) {
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                // One value per header name is all these services send; the last one wins like Jetty's own set.
                ctx.header(name, values.get(values.size() - 1));
            }
        });
        ctx.result(response.body());
    }

    private static RuntimeException failed(Context ctx, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String route = ctx.endpoints().matchedHttpEndpoint() == null
                ? "(unmatched)"
                : ctx.endpoints().matchedHttpEndpoint().path;
        log.warn("{} {} could not be passed on: {}", ctx.method(), route, SafeThrowables.describe(cause));
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            return new CompletionException(UpstreamException.timedOut());
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return new CompletionException(UpstreamException.unreachable());
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
