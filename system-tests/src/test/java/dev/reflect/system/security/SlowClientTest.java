package dev.reflect.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.system.support.AcceptingPublisher;
import dev.reflect.system.support.Services;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-client protection: a client that sends its headers and then trickles the body a byte at a
 * time would hold a server thread for as long as it likes (every byte resets the idle timeout).
 * The server must cut it off once the body arrives slower than its minimum data rate, and once
 * the whole body has not arrived within the body deadline, however fast the trickle.
 */
class SlowClientTest {

    /** Short here, so the test waits seconds; the default is 20 s. */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(3);

    private final byte[] secret = Services.newSecret();
    private AcceptingPublisher publisher;
    private IngestApp app;

    @BeforeEach
    void start() {
        publisher = new AcceptingPublisher();
        IngestConfig config = new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256(secret),
                KafkaClientConfig.forBootstrapServers("127.0.0.1:1"),
                Duration.ofSeconds(2),
                RateLimit.OFF,
                BODY_DEADLINE);
        app = IngestApp.create(config, publisher, () -> true, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aBodyTrickledAByteAtATimeIsCutOff() throws IOException {
        String token = DevTokens.mint(secret, "u-" + UUID.randomUUID(), false);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            socket.setSoTimeout(1);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /v1/check-ins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"note\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long began = System.nanoTime();
            int[] sent = {0};
            // Two bytes a second, each poll: far below any real client, far above an idle connection.
            await("the server cuts the trickling client off")
                    .atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (cutOff(in, answer)) {
                            return true;
                        }
                        try {
                            out.write('x');
                            out.flush();
                            sent[0]++;
                        } catch (IOException closed) {
                            return true;
                        }
                        return false;
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            String response = answer.toString(StandardCharsets.ISO_8859_1);
            System.out.printf(
                    "Slow client: cut off after %d ms and %d body bytes; answer: %s%n",
                    took.toMillis(),
                    sent[0],
                    response.isEmpty()
                            ? "(connection closed)"
                            : response.lines().findFirst().orElse(""));
            assertThat(response)
                    .as("the answer to the trickling client")
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json");
            assertThat(sent[0]).as("body bytes the server waited for").isLessThan(4000);
        }
        assertThat(publisher.published()).isZero();
    }

    @Test
    void aBodyTrickledAboveTheMinimumRateIsCutOffAtTheDeadline() throws IOException {
        String token = DevTokens.mint(secret, "u-" + UUID.randomUUID(), false);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            socket.setSoTimeout(1);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /v1/check-ins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"note\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long began = System.nanoTime();
            int[] sent = {0};
            // 20 bytes every 100 ms, 200 B/s: six times the minimum rate, so only the deadline can
            // stop it before the 4,000 bytes are in (20 s).
            await("the server cuts the client off at the body deadline")
                    .atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (cutOff(in, answer)) {
                            return true;
                        }
                        try {
                            out.write("xxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            sent[0] += 20;
                        } catch (IOException closed) {
                            return true;
                        }
                        return false;
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            String response = answer.toString(StandardCharsets.ISO_8859_1);
            System.out.printf(
                    "Trickle above the floor: cut off after %d ms and %d body bytes; answer: %s%n",
                    took.toMillis(), sent[0], response.lines().findFirst().orElse("(connection closed)"));
            assertThat(response)
                    .as("the answer to the client that kept sending")
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("must arrive within " + BODY_DEADLINE.toMillis() + " ms");
            assertThat(took).as("how long it held a thread").isLessThan(BODY_DEADLINE.multipliedBy(4));
            assertThat(sent[0]).as("body bytes the server waited for").isLessThan(4000);
        }
        assertThat(publisher.published()).isZero();
    }

    /** True once the server has answered or closed the connection; what it answered goes to {@code answer}. */
    private static boolean cutOff(InputStream in, ByteArrayOutputStream answer) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            int read = in.read(buffer);
            if (read < 0) {
                return true;
            }
            answer.write(buffer, 0, read);
            return true;
        } catch (SocketTimeoutException nothingYet) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
