package dev.reflect.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.http.ServiceHttp;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void readinessFollowsTheCheckAndLivenessDoesNot() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        Javalin app = Javalin.create(config -> {
                    ServiceHttp.configure(config, new SimpleMeterRegistry());
                    config.routes.get("/health/live", Health.live());
                    config.routes.get("/health/ready", Health.ready(ready::get));
                })
                .start("127.0.0.1", 0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();

            HttpResponse<String> down = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(client.send(
                                    HttpRequest.newBuilder(URI.create(base + "/health/live"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);

            ready.set(true);
            HttpResponse<String> up = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
        } finally {
            app.stop();
        }
    }

    @Test
    void aCachedCheckAsksItsDelegateOncePerInterval() {
        AtomicLong now = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean answer = new AtomicBoolean(true);
        CachedReadinessCheck check = new CachedReadinessCheck(
                () -> {
                    calls.incrementAndGet();
                    return answer.get();
                },
                Duration.ofSeconds(2),
                now::get);

        assertThat(check.isReady()).isTrue();
        answer.set(false);
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(check.isReady()).isTrue();
        assertThat(calls).hasValue(1);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(check.isReady()).isFalse();
        assertThat(calls).hasValue(2);
    }

    @Test
    void kafkaIsNotReadyWhenNothingListensAndTheCheckStaysBounded() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (KafkaClusterCheck check = new KafkaClusterCheck(
                KafkaClientConfig.forBootstrapServers("127.0.0.1:" + port), Duration.ofMillis(500))) {
            long start = System.nanoTime();

            assertThat(check.isReady()).isFalse();
            // Generous: the point is that it returns at all instead of Kafka's 60 s defaults.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
