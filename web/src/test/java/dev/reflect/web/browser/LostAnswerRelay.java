package dev.reflect.web.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands between the web app and the ingest service and loses answers: it passes each request on,
 * lets the service do its work, and then, for the first {@code drops} writes, hangs up instead of
 * answering, as a mobile connection that breaks at the wrong moment does. One request per
 * connection, HTTP/1.1 with {@code Connection: close}; enough for the app's few writes.
 */
public final class LostAnswerRelay implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final AtomicInteger drops;
    private final AtomicInteger dropped = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread acceptor;

    public LostAnswerRelay(URI target, int drops) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.drops = new AtomicInteger(drops);
        this.acceptor = new Thread(this::accept, "lost-answer-relay");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many answers were lost so far. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> relay(socket), "lost-answer-relay-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + requestLine[1]))
                    .method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : new String[] {"authorization", "content-type", "accept"}) {
                if (headers.containsKey(name)) {
                    request.header(name, headers.get(name));
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (requestLine[0].equals("POST") && drops.getAndDecrement() > 0) {
                dropped.incrementAndGet();
                return; // the service has done the work; the answer is lost
            }
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("HTTP/1.1 " + response.statusCode() + " \r\n");
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length")
                        && !lower.equals("connection")
                        && !lower.equals("transfer-encoding")) {
                    head.append(name).append(": ").append(values.get(0)).append("\r\n");
                }
            });
            head.append("Content-Length: ").append(response.body().length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(response.body());
            out.flush();
        } catch (IOException | RuntimeException e) {
            // a broken relay connection is what this class is for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
