package dev.reflect.dashboards.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the notification systems Alertmanager's webhook receivers point at: the JDK's
 * HTTP server on a port the system picked, recording every notification it is sent.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One webhook call: the path (the receiver's name) and Alertmanager's JSON body. */
    public record Notification(String path, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                try (exchange;
                        InputStream body = exchange.getRequestBody()) {
                    receiver.received.add(
                            new Notification(exchange.getRequestURI().getPath(), JSON.readTree(body.readAllBytes())));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL; a receiver named {@code x} is sent to {@code url() + "/x"}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Notification> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
