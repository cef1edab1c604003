package dev.reflect.notifier.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A clinician's system as a test plays it: the JDK's HTTP server on a loopback port the system
 * picked, recording every request it gets (the webhook headers, the body, when) and answering each
 * path as the test scripts it: a status, or no answer at all until the receiver closes (a hung
 * endpoint).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The answer that never comes. */
    public static final int HANG = -1;

    /** One request as received, and the status it was answered with ({@link #HANG}: none). */
    public record Received(
            String path, String webhookId, String timestamp, String signature, String body, Instant at, int status) {

        /** Answered 2xx: the notifier may consider it delivered. */
        public boolean taken() {
            return status >= 200 && status < 300;
        }
    }

    /** How a path answers its {@code n}th request (1 is the first). */
    @FunctionalInterface
    public interface Script {
        int status(int n);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            Instant at = Instant.now();
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = scripts.getOrDefault(path, any -> 204).status(n);
            received.add(new Received(
                    path,
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    body,
                    at,
                    status));
            if (status == HANG) {
                closed.await();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code path} answers as {@code script} says from now on (204 until told otherwise). */
    public WebhookReceiver script(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
