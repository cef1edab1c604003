package dev.reflect.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.standardwebhooks.Webhook;
import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import dev.reflect.notifier.support.TestEndpoints;
import dev.reflect.notifier.support.WebhookReceiver;
import dev.reflect.notifier.webhook.WebhookSigner;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One attempt at a real HTTP server on loopback: what is sent, and how each answer is judged. */
class HttpDelivererTest {

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final String secret = TestEndpoints.secret();
    private final HttpDeliverer deliverer = new HttpDeliverer(Duration.ofSeconds(1), Clock.systemUTC());
    private final PendingDelivery delivery = PendingDelivery.queued(
            "msg_0123456789abcdef0123456789abcdef", "c-1", "{\"type\":\"escalation.changed\"}", Instant.now());

    @AfterEach
    void stop() {
        receiver.close();
    }

    private ClinicianEndpoint endpoint(String path) {
        return new ClinicianEndpoint(URI.create(receiver.url(path)), new WebhookSigner(List.of(secret)));
    }

    @Test
    void postsTheBodyWithTheStandardWebhooksHeadersAndASignatureTheReferenceLibraryAccepts() throws Exception {
        AttemptResult result = deliverer.attempt(endpoint("/hook"), delivery).join();

        assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.DELIVERED);
        WebhookReceiver.Received got = receiver.received("/hook").get(0);
        assertThat(got.webhookId()).isEqualTo(delivery.webhookId());
        assertThat(got.body()).isEqualTo(delivery.body());
        assertThat(Long.parseLong(got.timestamp())).isCloseTo(Instant.now().getEpochSecond(), offset(60L));
        assertThat(got.signature()).startsWith("v1,");
        new Webhook(secret)
                .verify(
                        got.body(),
                        HttpHeaders.of(
                                Map.of(
                                        "webhook-id", List.of(got.webhookId()),
                                        "webhook-timestamp", List.of(got.timestamp()),
                                        "webhook-signature", List.of(got.signature())),
                                (name, value) -> true));
    }

    @Test
    void judgesEachAnswerAsStandardWebhooksSays() {
        receiver.script("/500", n -> 500)
                .script("/410", n -> 410)
                .script("/302", n -> 302)
                .script("/200", n -> 200);

        assertThat(deliverer.attempt(endpoint("/200"), delivery).join().outcome())
                .isEqualTo(AttemptResult.Outcome.DELIVERED);
        assertThat(deliverer.attempt(endpoint("/500"), delivery).join().description())
                .isEqualTo("http 500");
        assertThat(deliverer.attempt(endpoint("/410"), delivery).join().outcome())
                .isEqualTo(AttemptResult.Outcome.GONE);
        // A redirect is not followed: the URL should be updated instead.
        assertThat(deliverer.attempt(endpoint("/302"), delivery).join().description())
                .isEqualTo("http 302");
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void anEndpointThatDoesNotAnswerIsATimeoutAndOneThatRefusesIsUnreachable() throws Exception {
        receiver.script("/hang", n -> WebhookReceiver.HANG);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClinicianEndpoint refusing = new ClinicianEndpoint(
                URI.create("http://127.0.0.1:" + closedPort + "/hook"), new WebhookSigner(List.of(secret)));

        assertThat(deliverer.attempt(endpoint("/hang"), delivery).join().outcome())
                .isEqualTo(AttemptResult.Outcome.TIMEOUT);
        assertThat(deliverer.attempt(refusing, delivery).join().outcome()).isEqualTo(AttemptResult.Outcome.UNREACHABLE);
    }

    @Test
    void readsRetryAfterInSecondsOrAsADate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

        assertThat(HttpDeliverer.parseRetryAfter("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(HttpDeliverer.parseRetryAfter("Fri, 04 Dec 2026 10:05:00 GMT", clock))
                .contains(Duration.ofMinutes(5));
        assertThat(HttpDeliverer.parseRetryAfter("Fri, 04 Dec 2026 09:05:00 GMT", clock))
                .contains(Duration.ZERO);
        assertThat(HttpDeliverer.parseRetryAfter("soon", clock)).isEqualTo(Optional.empty());
    }
}
