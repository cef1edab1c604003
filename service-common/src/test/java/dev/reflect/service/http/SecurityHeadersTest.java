package dev.reflect.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.service.metrics.ServiceMetrics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Jetty answers before any route runs still carries the security headers and a problem body,
 * for every service set up through {@link ServiceHttp#configure}.
 */
class SecurityHeadersTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private ServiceMetrics metrics;
    private Javalin app;

    @BeforeEach
    void start() {
        metrics = ServiceMetrics.create();
        app = Javalin.create(config -> {
                    ServiceHttp.configure(config, metrics.registry());
                    config.routes.get("/thing", ctx -> ctx.result("ok"));
                })
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        metrics.close();
    }

    @Test
    void jettysOwnRejectionsCarryTheHeadersAndAProblemBodyThatEchoesNothing() throws Exception {
        String marker = "zq-echo-marker-";
        HttpResponse<String> tooLarge = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/thing"))
                        .header("X-Filler", marker.repeat(2_000))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.statusCode()).isEqualTo(431);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue(ProblemMapper.CONTENT_TYPE);
        assertThat(tooLarge.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(tooLarge.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(tooLarge.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(tooLarge.headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.API_CONTENT_SECURITY_POLICY);
        assertThat(tooLarge.body()).contains("\"status\":431").doesNotContain(marker);
    }
}
