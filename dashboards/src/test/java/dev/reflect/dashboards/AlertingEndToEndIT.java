package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.dashboards.support.Dashboards;
import dev.reflect.dashboards.support.PrometheusStack;
import dev.reflect.dashboards.support.ReflectServices;
import dev.reflect.dashboards.support.WebhookReceiver;
import dev.reflect.dashboards.support.WebhookReceiver.Notification;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting path with the real binaries: the ingest service and streams app run
 * in-process on the test broker; the real Prometheus scrapes them with the repository's rules
 * (every {@code for} shortened) and sends to the real Alertmanager with the repository's routes
 * and inhibitions, whose webhooks point at a receiver this test runs. A person driven to HIGH
 * through the ingest API must reach the clinical pager under their pseudonym, and every
 * dashboard query must return data from that Prometheus.
 */
@WithKafka
class AlertingEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Grafana's variables, as a dashboard viewer with this person selected would send them. */
    private static Map<String, String> grafanaVariables(String pseudonym) {
        return Map.of(
                "$__rate_interval", "1m",
                "$__interval", "15s",
                "$__range", "1h",
                "$user", pseudonym,
                "$job", "reflect-producer|reflect-streams");
    }

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    @TempDir
    Path stackDir;

    @Test
    void aPersonDrivenToHighReachesTheClinicalPagerByPseudonymAndEveryDashboardQueryHasData() {
        String userId = "u-" + UUID.randomUUID();
        try (ReflectServices services = ReflectServices.start(kafka, stateDir);
                WebhookReceiver webhook = WebhookReceiver.start();
                PrometheusStack stack = PrometheusStack.start(
                        stackDir,
                        Map.of("reflect-producer", services.ingestPort(), "reflect-streams", services.queryPort()),
                        webhook)) {
            try {
                await("both services scraped")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() ->
                                assertThat(values(stack.query("reflect:up"))).containsExactly(1.0, 1.0));

                // Contract section 5: CHECKED_DEVICE three times in the last 7 days is HIGH.
                services.checkIn(
                        userId,
                        90,
                        "[{\"type\":\"CHECKED_DEVICE\",\"count\":2},"
                                + "{\"type\":\"SOUGHT_REASSURANCE\",\"count\":2}]");
                services.checkIn(userId, 30, "[{\"type\":\"CHECKED_DEVICE\"}]");
                services.journalEntry(userId);
                services.invalidCheckIn(userId);
                services.deadLetter(userId);

                String pseudonym = pseudonymFromTheProgressApi(services, userId);
                assertThat(pseudonym)
                        .isEqualTo(ReflectServices.pseudonymOf(userId))
                        .isNotEqualTo(userId);

                Notification page = await("the HIGH page at the clinical webhook")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () -> firing(webhook, "/clinical-page", "ReflectUserEscalationHigh", pseudonym),
                                found -> found != null);
                JsonNode alert = alertFor(page, "ReflectUserEscalationHigh", pseudonym);
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("page");
                assertThat(alert.path("labels").path("level").asText()).isEqualTo("HIGH");
                assertThat(alert.path("labels").path("team").asText()).isEqualTo("clinical");
                assertThat(alert.path("annotations").path("description").asText())
                        .contains(pseudonym);
                assertThat(alert.path("annotations").path("runbook_url").asText())
                        .isEqualTo("docs/runbook.md#reflectuserescalationhigh");
                assertThat(webhook.received())
                        .extracting(notification -> notification.body().toString())
                        .noneMatch(body -> body.contains(userId));

                // ELEVATED (level >= 1) fires for the same person, and Alertmanager holds it back.
                await("ELEVATED inhibited by HIGH")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(stack.alertmanagerAlerts())
                                .anySatisfy(held -> {
                                    assertThat(held.path("labels")
                                                    .path("alertname")
                                                    .asText())
                                            .isEqualTo("ReflectUserEscalationElevated");
                                    assertThat(held.path("labels").path("user").asText())
                                            .isEqualTo(pseudonym);
                                    assertThat(held.path("status").path("state").asText())
                                            .isEqualTo("suppressed");
                                    assertThat(held.path("status").path("inhibitedBy"))
                                            .isNotEmpty();
                                }));
                await("the watchdog at its receiver")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> firing(webhook, "/watchdog", "Watchdog", null), found -> found != null);

                assertEveryRuleEvaluatesCleanly(stack);
                assertEveryDashboardQueryReturnsData(stack, pseudonym);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + stack.logs() + "\nwebhook: " + webhook.received(), e);
            }
        }
    }

    private static String pseudonymFromTheProgressApi(ReflectServices services, String userId) {
        String own = ReflectServices.tokenFor(userId);
        return await("the person's progress")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            HttpResponse<String> response =
                                    services.query("/v1/users/" + userId + "/progress?days=7", own);
                            if (response.statusCode() != 200) {
                                return null;
                            }
                            JsonNode progress = JSON.readTree(response.body());
                            return progress.path("escalation")
                                            .path("level")
                                            .asText()
                                            .equals("HIGH")
                                    ? progress.path("pseudonym").asText()
                                    : null;
                        },
                        pseudonym -> pseudonym != null);
    }

    /** promtool judges syntax; only real series show matching errors such as many-to-many joins. */
    private static void assertEveryRuleEvaluatesCleanly(PrometheusStack stack) {
        List<JsonNode> rules = new ArrayList<>();
        stack.rules()
                .path("data")
                .path("groups")
                .forEach(group -> group.path("rules").forEach(rules::add));
        assertThat(rules)
                .hasSizeGreaterThan(20)
                .allSatisfy(rule -> assertThat(rule.path("health").asText())
                        .as(rule.path("name").asText() + ": "
                                + rule.path("lastError").asText())
                        .isEqualTo("ok"));
    }

    private static void assertEveryDashboardQueryReturnsData(PrometheusStack stack, String pseudonym) {
        List<Dashboards.Query> queries = Dashboards.allQueries();
        assertThat(queries).hasSizeGreaterThan(20);
        await("every dashboard query returns data")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (Dashboards.Query query : queries) {
                        String promql = substitute(query.expr(), pseudonym);
                        JsonNode answer = stack.query(promql);
                        assertThat(answer.path("status").asText()).as(promql).isEqualTo("success");
                        if (answer.path("data").path("result").isEmpty()) {
                            empty.add(
                                    query.dashboard() + " / " + query.panel() + " / " + query.refId() + ": " + promql);
                        }
                    }
                    assertThat(empty).as("dashboard queries without data").isEmpty();
                });
        for (Dashboards.Variable variable : Dashboards.allVariables()) {
            String metric = variable.query().replaceAll("^label_values\\((.+),\\s*(\\w+)\\)$", "$1");
            String label = variable.query().replaceAll("^label_values\\((.+),\\s*(\\w+)\\)$", "$2");
            assertThat(stack.labelValues(label, metric).path("data"))
                    .as(variable.dashboard() + " $" + variable.name())
                    .isNotEmpty();
        }
        assertThat(stack.labelValues("user", "reflect_user_escalation_level").path("data"))
                .extracting(JsonNode::asText)
                .contains(pseudonym);
    }

    /**
     * The query as Grafana sends it. A query reading the past ({@code offset}) has no data on a
     * Prometheus that started a minute ago; without the offset it reads the same series now, which
     * is what can be checked here.
     */
    private static String substitute(String expr, String pseudonym) {
        String promql = expr;
        for (Map.Entry<String, String> variable : grafanaVariables(pseudonym).entrySet()) {
            promql = promql.replace(variable.getKey(), variable.getValue());
        }
        return promql.replaceAll("\\s+offset\\s+\\d+[smhdwy]", "");
    }

    private static List<Double> values(JsonNode answer) {
        return StreamSupport.stream(answer.path("data").path("result").spliterator(), false)
                .map(sample -> sample.path("value").get(1).asDouble())
                .toList();
    }

    private static Notification firing(WebhookReceiver webhook, String path, String alertname, String user) {
        return webhook.received().stream()
                .filter(notification -> notification.path().equals(path))
                .filter(notification -> alertFor(notification, alertname, user) != null)
                .findFirst()
                .orElse(null);
    }

    private static JsonNode alertFor(Notification notification, String alertname, String user) {
        for (JsonNode alert : notification.body().path("alerts")) {
            JsonNode labels = alert.path("labels");
            if (alert.path("status").asText().equals("firing")
                    && labels.path("alertname").asText().equals(alertname)
                    && (user == null || labels.path("user").asText().equals(user))) {
                return alert;
            }
        }
        return null;
    }
}
