package dev.reflect.web.proxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A service behind the web app that records every request as it arrived and answers as told. */
final class RecordingUpstream implements AutoCloseable {

    record Request(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile Map<String, String> headers = Map.of("Content-Type", "application/json");
    private volatile byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    RecordingUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    void answer(int newStatus, Map<String, String> newHeaders, byte[] newBody) {
        status = newStatus;
        headers = newHeaders;
        body = newBody;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
