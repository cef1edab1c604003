package dev.reflect.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.notifier.support.AlertJson;
import dev.reflect.notifier.support.IndependentVerifier;
import dev.reflect.notifier.support.Scenario;
import dev.reflect.notifier.support.WebhookReceiver;
import dev.reflect.notifier.support.WebhookReceiver.Received;
import dev.reflect.notifier.webhook.Identities;
import dev.reflect.service.config.Env;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier in-process on the test broker, its clinicians' endpoints on a local receiver that
 * the test scripts: alerts written where the streams app writes them must arrive, signed, retried
 * through failures, and one clinician's dead endpoint must not hold up another's.
 */
@WithKafka
class WebhookDeliveryIT {

    private static final Identities IDS =
            new Identities(Pseudonym.withSecret(Scenario.PSEUDONYM_SECRET.getBytes(StandardCharsets.UTF_8)));

    KafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeEach
    void topics() {
        kafka.createTopics(6, Topics.ALERTS.name(), Topics.NOTIFIER_DEADLETTER.name());
    }

    @Test
    void aReceiverThatFailsItsFirstDeliveriesGetsEveryAlertSignedAndARepeatCarriesTheSameWebhookId() {
        Scenario scenario = new Scenario(kafka.bootstrapServers());
        String flaky = scenario.clinician("c-flaky");
        String steady = scenario.clinician("c-steady");
        int count = 8;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            // The first 10 requests fail (503), whichever webhooks they carry; every later one is taken.
            receiver.script("/flaky", n -> n <= 10 ? 503 : 204);
            scenario.endpoint(flaky, receiver.url("/flaky")).endpoint(steady, receiver.url("/steady"));
            List<AlertJson> alerts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                alerts.add(Scenario.alert(scenario.user(i), List.of(flaky, steady)));
            }
            NotifierConfig config = NotifierConfig.from(
                    Env.of(scenario.settings(dir.resolve("state"), scenario.writeEndpoints(dir), "5000")));

            try (NotifierApp notifier = NotifierApp.create(config).start()) {
                scenario.write(alerts);

                Set<String> expected = alerts.stream()
                        .map(alert -> IDS.webhookId(alert.alertId(), flaky))
                        .collect(Collectors.toSet());
                await("every alert delivered to the flaky endpoint")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> deliveredIds(receiver.received("/flaky")).containsAll(expected));
                assertThat(receiver.received("/flaky"))
                        .hasSizeGreaterThanOrEqualTo(count + 10)
                        .filteredOn(r -> !r.taken())
                        .hasSize(10);
                await("every alert delivered to the steady endpoint")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.received("/steady").size() >= count);

                // The same alert again, as a replay of the alerts topic would bring it, after both
                // its webhooks were delivered: both are sent again, each under the id it had.
                AlertJson repeated = alerts.get(0);
                scenario.write(List.of(repeated));
                String repeatedAtSteady = IDS.webhookId(repeated.alertId(), steady);
                String repeatedAtFlaky = IDS.webhookId(repeated.alertId(), flaky);
                await("the repeat at both endpoints")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.received("/steady").stream()
                                                .filter(r -> r.webhookId().equals(repeatedAtSteady))
                                                .count()
                                        == 2
                                && receiver.received("/flaky").stream()
                                                .filter(r -> r.taken()
                                                        && r.webhookId().equals(repeatedAtFlaky))
                                                .count()
                                        == 2);

                assertEachIdOneBodyOneAlert(receiver.received("/flaky"), alerts, flaky);
                assertEachIdOneBodyOneAlert(receiver.received("/steady"), alerts, steady);
                IndependentVerifier.assertAllVerify(
                        receiver.received(),
                        Map.of("/flaky", scenario.secret(flaky), "/steady", scenario.secret(steady)),
                        dir);
                assertThat(receiver.received())
                        .allSatisfy(webhook -> assertThat(webhook.body())
                                .doesNotContain("u-")
                                .doesNotContain("Controlling behaviour")
                                .doesNotContain(flaky)
                                .doesNotContain(steady));
                MeterRegistry registry = notifier.meterRegistry();
                await("the delivered count")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(registry.find("reflect.notifier.deliveries")
                                        .tag("outcome", "delivered")
                                        .counter()
                                        .count())
                                .isEqualTo(2 * count + 2));
                assertThat(registry.find("reflect.notifier.attempts")
                                .tag("result", "rejected")
                                .counter()
                                .count())
                        .isEqualTo(10);
                assertThat(registry.find("reflect.notifier.pending").gauge().value())
                        .isZero();
            }
        }
    }

    @Test
    void aWebhookThatFailsFourTimesIsRetriedAfterGrowingWaitsUnderOneIdAndArrives() {
        Scenario scenario = new Scenario(kafka.bootstrapServers());
        String clinician = scenario.clinician("c-backoff");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.script("/backoff", n -> n <= 4 ? 503 : 204);
            scenario.endpoint(clinician, receiver.url("/backoff"));
            AlertJson alert = Scenario.alert(scenario.user(0), List.of(clinician));
            // Retries wait 200 ms doubling to at most 1 s, half of each wait fixed, half random.
            NotifierConfig config = NotifierConfig.from(
                    Env.of(scenario.settings(dir.resolve("state"), scenario.writeEndpoints(dir), "5000")));

            try (NotifierApp notifier = NotifierApp.create(config).start()) {
                scenario.write(List.of(alert));

                await("the fifth attempt taken")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.received("/backoff").stream().anyMatch(Received::taken));
                MeterRegistry registry = notifier.meterRegistry();
                await("the delivery counted")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(registry.find("reflect.notifier.deliveries")
                                        .tag("outcome", "delivered")
                                        .counter()
                                        .count())
                                .isEqualTo(1));
                assertThat(registry.find("reflect.notifier.attempts")
                                .tag("result", "rejected")
                                .counter()
                                .count())
                        .isEqualTo(4);
            }
            List<Received> attempts = receiver.received("/backoff");
            assertThat(attempts).hasSize(5);
            assertThat(attempts).extracting(Received::status).containsExactly(503, 503, 503, 503, 204);
            assertThat(attempts)
                    .extracting(Received::webhookId)
                    .containsOnly(IDS.webhookId(alert.alertId(), clinician));
            assertThat(attempts)
                    .extracting(Received::body)
                    .containsOnly(attempts.get(0).body());
            // The least each wait can be: half of 200, 400, 800 and 1000 (the cap) ms.
            long[] least = {100, 200, 400, 500};
            for (int i = 1; i < attempts.size(); i++) {
                Duration gap = Duration.between(
                        attempts.get(i - 1).at(), attempts.get(i).at());
                assertThat(gap.toMillis()).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(least[i - 1]);
            }
            IndependentVerifier.assertAllVerify(attempts, Map.of("/backoff", scenario.secret(clinician)), dir);
        }
    }

    @Test
    void aDeadAndAHungEndpointDoNotDelayAnotherClinician() throws IOException {
        Scenario scenario = new Scenario(kafka.bootstrapServers());
        String dead = scenario.clinician("c-dead");
        String hung = scenario.clinician("c-hung");
        String live = scenario.clinician("c-live");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.script("/hung", n -> WebhookReceiver.HANG);
            scenario.endpoint(dead, "http://127.0.0.1:" + closedPort + "/refused")
                    .endpoint(hung, receiver.url("/hung"))
                    .endpoint(live, receiver.url("/live"));
            // Each alert names the two broken endpoints first: they are attempted before the live one.
            List<AlertJson> alerts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                alerts.add(Scenario.alert(scenario.user(i), List.of(dead, hung, live)));
            }
            // Attempts to the hung endpoint end only after 60 s; the live one must not wait for that.
            NotifierConfig config = NotifierConfig.from(
                    Env.of(scenario.settings(dir.resolve("state"), scenario.writeEndpoints(dir), "60000")));

            try (NotifierApp notifier = NotifierApp.create(config).start()) {
                scenario.write(alerts);

                await("all 20 webhooks at the live endpoint")
                        .atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> receiver.received("/live").size() >= 20);

                MeterRegistry registry = notifier.meterRegistry();
                assertThat(registry.find("reflect.notifier.attempts")
                                .tag("result", "timeout")
                                .counter()
                                .count())
                        .as("no attempt to the hung endpoint has ended yet")
                        .isZero();
                assertThat(receiver.received("/hung"))
                        .as("the hung endpoint holds no more than its own two slots")
                        .hasSize(2);
                assertThat(registry.find("reflect.notifier.attempts")
                                .tag("result", "unreachable")
                                .counter()
                                .count())
                        .as("the dead endpoint is being retried meanwhile")
                        .isGreaterThan(20);
                assertThat(deliveredIds(receiver.received("/live")))
                        .containsExactlyInAnyOrderElementsOf(alerts.stream()
                                .map(alert -> IDS.webhookId(alert.alertId(), live))
                                .toList());
            }
        }
    }

    /** The webhook-ids of the requests the receiver took (answered 2xx). */
    private static Set<String> deliveredIds(List<Received> received) {
        return received.stream()
                .filter(Received::taken)
                .map(Received::webhookId)
                .collect(Collectors.toSet());
    }

    /**
     * Every request with one webhook-id carried one and the same body, about one alert: the one the
     * id was made from, for this clinician, under this clinician's reference for the person.
     */
    private static void assertEachIdOneBodyOneAlert(List<Received> received, List<AlertJson> alerts, String clinician) {
        Map<String, AlertJson> byId = new TreeMap<>();
        alerts.forEach(alert -> byId.put(IDS.webhookId(alert.alertId(), clinician), alert));
        Map<String, Set<String>> bodies = received.stream()
                .collect(Collectors.groupingBy(
                        Received::webhookId, TreeMap::new, Collectors.mapping(Received::body, Collectors.toSet())));
        assertThat(bodies.keySet()).isEqualTo(byId.keySet());
        bodies.forEach((id, distinct) -> {
            assertThat(distinct).as(id).hasSize(1);
            JsonNode body = read(distinct.iterator().next());
            AlertJson alert = byId.get(id);
            assertThat(body.path("type").asText()).isEqualTo("escalation.changed");
            assertThat(body.path("data").path("person").asText()).isEqualTo(IDS.person(clinician, alert.userId()));
            assertThat(body.path("data").path("level").asText()).isEqualTo("SEVERE");
            assertThat(body.path("data").path("caseload").asText()).isEqualTo("https://reflect.example.org/");
        });
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
