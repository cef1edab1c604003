package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a scripted server on a free port: each accepted connection answers the canned responses in turn. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamsHttpConnectionTest {

    private ServerSocket server;
    private final List<String> requests = new ArrayList<>();
    private int connections;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Serves the responses, one per request read, on as many connections as it takes. */
    private CompletableFuture<Void> serve(String... responses) {
        return CompletableFuture.runAsync(() -> {
            int next = 0;
            try {
                while (next < responses.length) {
                    try (Socket socket = server.accept()) {
                        connections++;
                        InputStream in = socket.getInputStream();
                        OutputStream out = socket.getOutputStream();
                        while (next < responses.length) {
                            String request = readRequest(in);
                            if (request == null) {
                                break;
                            }
                            requests.add(request);
                            String response = responses[next++];
                            out.write(response.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            if (response.contains("Connection: close")) {
                                break;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Head and body of one request, or null when the client closed the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void sendsHeadersAndBodyAndReadsLengthAndChunkedResponsesOnOneConnection() throws Exception {
        CompletableFuture<Void> served = serve(
                "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"
                        + "{\"status\":\"ok\"} \n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"day\r\n4\r\ns\":1\r\n1\r\n}\r\n0\r\n\r\n");

        try (StreamsHttpConnection connection = new StreamsHttpConnection("127.0.0.1", server.getLocalPort())) {
            StreamsHttpConnection.Response accepted = connection.exchange(
                    "POST", "/v1/check-ins", "Bearer t", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            StreamsHttpConnection.Response progress =
                    connection.exchange("GET", "/v1/users/u/progress?days=2", "Bearer c", null);

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.text()).isEqualTo("{\"status\":\"ok\"} \n");
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.text()).isEqualTo("{\"days\":1}");
        }
        served.get(10, TimeUnit.SECONDS);
        assertThat(connections).isEqualTo(1);
        assertThat(requests.get(0))
                .startsWith("POST /v1/check-ins HTTP/1.1\r\n")
                .contains("Authorization: Bearer t\r\n", "Content-Type: application/json\r\n", "Content-Length: 7\r\n")
                .endsWith("\r\n\r\n{\"a\":1}");
        assertThat(requests.get(1))
                .startsWith("GET /v1/users/u/progress?days=2 HTTP/1.1\r\n")
                .doesNotContain("Content-Length");
    }

    @Test
    void reconnectsAfterTheServerClosedTheConnection() throws Exception {
        CompletableFuture<Void> served = serve(
                "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");

        try (StreamsHttpConnection connection = new StreamsHttpConnection("127.0.0.1", server.getLocalPort())) {
            assertThat(connection.exchange("GET", "/a", null, null).status()).isEqualTo(503);
            assertThat(connection.exchange("GET", "/b", null, null).status()).isEqualTo(404);
        }
        served.get(10, TimeUnit.SECONDS);
        assertThat(connections).isEqualTo(2);
    }

    @Test
    void aResponseCutShortIsAnErrorNotAShortBody() {
        CompletableFuture<Void> served = serve("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabc");

        try (StreamsHttpConnection connection = new StreamsHttpConnection("127.0.0.1", server.getLocalPort())) {
            assertThatThrownBy(() -> connection.exchange("GET", "/", null, null))
                    .isInstanceOf(EOFException.class);
        }
        served.join();
    }
}
