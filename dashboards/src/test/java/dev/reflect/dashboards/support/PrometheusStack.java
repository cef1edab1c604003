package dev.reflect.dashboards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus and Alertmanager, started as child processes with configurations generated
 * from the repository's own (prometheus/prometheus.yml, prometheus/rules/, alertmanager/) into a
 * temporary directory: the scrape targets are the in-process services' real ports, intervals are
 * a second, every alert's {@code for} is {@value #TEST_FOR}, and every webhook receiver points at
 * the test's {@link WebhookReceiver} under its own name. Everything else - rule expressions,
 * labels, annotations, routes, inhibition - is the repository's as it is.
 */
public final class PrometheusStack implements AutoCloseable {

    /** The {@code for} of every alert in the test variant of the rules. */
    public static final String TEST_FOR = "3s";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ChildProcess> processes = new ArrayList<>();
    private int prometheusPort;
    private int alertmanagerPort;

    private PrometheusStack() {}

    /**
     * Starts Alertmanager, then Prometheus scraping {@code jobPorts} (job name -> port on
     * 127.0.0.1), and returns once both answer ready.
     */
    public static PrometheusStack start(Path dir, Map<String, Integer> jobPorts, WebhookReceiver webhook) {
        ExternalTool prometheus = ExternalTool.require("prometheus");
        ExternalTool alertmanager = ExternalTool.require("prometheus-alertmanager");
        PrometheusStack stack = new PrometheusStack();
        try {
            int[] ports = FreePorts.find(2);
            stack.alertmanagerPort = ports[0];
            stack.prometheusPort = ports[1];
            Path alertmanagerConfig = writeAlertmanagerConfig(dir, webhook);
            stack.processes.add(alertmanager.start(
                    dir,
                    dir.resolve("alertmanager.log"),
                    "--config.file=" + alertmanagerConfig,
                    "--storage.path=" + Files.createDirectories(dir.resolve("alertmanager-data")),
                    "--web.listen-address=127.0.0.1:" + stack.alertmanagerPort,
                    // No gossip: a single instance, and no port of the HA cluster to collide on.
                    "--cluster.listen-address="));
            stack.awaitReady(stack.alertmanagerPort, stack.processes.get(0));
            Path prometheusConfig = writePrometheusConfig(dir, jobPorts, stack.alertmanagerPort);
            stack.processes.add(prometheus.start(
                    dir,
                    dir.resolve("prometheus.log"),
                    "--config.file=" + prometheusConfig,
                    "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
                    "--web.listen-address=127.0.0.1:" + stack.prometheusPort,
                    // An alert sent before the notifier knows Alertmanager is dropped and resent only
                    // after this delay (1m by default): the Watchdog fires within seconds of start.
                    "--rules.alert.resend-delay=1s"));
            stack.awaitReady(stack.prometheusPort, stack.processes.get(1));
            return stack;
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    private static Path writePrometheusConfig(Path dir, Map<String, Integer> jobPorts, int alertmanagerPort)
            throws IOException {
        ObjectNode config = (ObjectNode) RuleFiles.readYaml(ObservabilityFiles.prometheusConfig());
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode jobs = (ArrayNode) config.get("scrape_configs");
        assertThat(jobs)
                .extracting(job -> job.path("job_name").asText())
                .containsExactlyInAnyOrderElementsOf(jobPorts.keySet());
        for (JsonNode job : jobs) {
            int port = jobPorts.get(job.path("job_name").asText());
            ArrayNode targets = JSON.createArrayNode().add("127.0.0.1:" + port);
            ((ObjectNode) job.get("static_configs").get(0)).set("targets", targets);
        }
        ((ObjectNode) config.at("/alerting/alertmanagers/0/static_configs/0"))
                .set("targets", JSON.createArrayNode().add("127.0.0.1:" + alertmanagerPort));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (Path ruleFile : ObservabilityFiles.ruleFiles()) {
            ObjectNode tree = (ObjectNode) RuleFiles.readYaml(ruleFile);
            for (JsonNode group : tree.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("for")) {
                        ((ObjectNode) rule).put("for", TEST_FOR);
                    }
                }
            }
            RuleFiles.YAML.writeValue(
                    rules.resolve(ruleFile.getFileName().toString()).toFile(), tree);
        }
        config.set("rule_files", JSON.createArrayNode().add(rules.toString() + "/*.yml"));
        Path file = dir.resolve("prometheus.yml");
        RuleFiles.YAML.writeValue(file.toFile(), config);
        return file;
    }

    private static Path writeAlertmanagerConfig(Path dir, WebhookReceiver webhook) throws IOException {
        ObjectNode config = (ObjectNode) RuleFiles.readYaml(ObservabilityFiles.alertmanagerConfig());
        shortenTimers(config.get("route"));
        for (JsonNode receiver : config.path("receivers")) {
            for (JsonNode webhookConfig : receiver.path("webhook_configs")) {
                ((ObjectNode) webhookConfig)
                        .put("url", webhook.url() + "/" + receiver.path("name").asText());
            }
        }
        Path file = dir.resolve("alertmanager.yml");
        RuleFiles.YAML.writeValue(file.toFile(), config);
        return file;
    }

    /** Every route notifies a second after an alert arrives, instead of after the production waits. */
    private static void shortenTimers(JsonNode route) {
        ObjectNode node = (ObjectNode) route;
        node.put("group_wait", "1s");
        node.put("group_interval", "1s");
        for (JsonNode child : route.path("routes")) {
            shortenTimers(child);
        }
    }

    private void awaitReady(int port, ChildProcess process) {
        await(process + " ready")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .untilAsserted(() -> {
                    assertThat(process.isAlive())
                            .as(process + " exited:\n" + process.log())
                            .isTrue();
                    assertThat(get(port, "/-/ready").statusCode()).isEqualTo(200);
                });
    }

    public int prometheusPort() {
        return prometheusPort;
    }

    public int alertmanagerPort() {
        return alertmanagerPort;
    }

    /** Prometheus' {@code /api/v1/query} answer to {@code promql} at the current time. */
    public JsonNode query(String promql) {
        return getJson(prometheusPort, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** Values of {@code label} on series of {@code metric}: what Grafana's label_values() reads. */
    public JsonNode labelValues(String label, String metric) {
        return getJson(
                prometheusPort,
                "/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
    }

    /** Prometheus' {@code /api/v1/rules}: every group and rule with its health and last error. */
    public JsonNode rules() {
        return getJson(prometheusPort, "/api/v1/rules");
    }

    /** Alertmanager's {@code /api/v2/alerts}, inhibited and silenced ones included. */
    public JsonNode alertmanagerAlerts() {
        return getJson(alertmanagerPort, "/api/v2/alerts");
    }

    /** Both logs, for a failing assertion to show. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        processes.forEach(
                process -> logs.append("---- ").append(process).append('\n').append(process.log()));
        return logs.toString();
    }

    private JsonNode getJson(int port, String pathAndQuery) {
        HttpResponse<String> response = get(port, pathAndQuery);
        assertThat(response.statusCode())
                .as(pathAndQuery + ": " + response.body())
                .isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(int port, String pathAndQuery) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops Prometheus, then Alertmanager; always, whatever state they are in. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
