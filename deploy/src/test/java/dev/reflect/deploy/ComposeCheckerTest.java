package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ComposeChecker} fed broken copies of the repository's stack: each break is one mistake a
 * change to the compose file or its configs could make, and the checker must name it.
 */
class ComposeCheckerTest {

    @TempDir
    Path copy;

    private ObjectNode compose;

    @BeforeEach
    void copyTheStack() {
        Repository.copyStack(copy);
        compose = ComposeStack.readMutable(copy);
    }

    private List<String> problems() {
        return ComposeChecker.problems(ComposeStack.of(copy, compose));
    }

    private ObjectNode service(String name) {
        return (ObjectNode) compose.path("services").path(name);
    }

    private ObjectNode environment(String service) {
        return (ObjectNode) service(service).path("environment");
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as(file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    @Test
    void anUnbrokenCopyHasNoProblems() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void aBrokerOutsideTheQuorumAndReplicationBeyondTheBrokersAreNamed() {
        environment("kafka").put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093,2@kafka-2:9093");
        environment("kafka").put("KAFKA_DEFAULT_REPLICATION_FACTOR", "3");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("kafka names the voters"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("kafka sets KAFKA_DEFAULT_REPLICATION_FACTOR=3; with 1 broker(s) it must be 1"));
    }

    @Test
    void theThreeBrokerProfileWithOneValueForgottenIsNamed() {
        Map<String, String> environment =
                new java.util.HashMap<>(ComposeStack.readEnvFile(copy.resolve(ComposeFileTest.THREE_BROKERS_ENV_FILE)));
        environment.remove("REFLECT_COMPOSE_MIN_INSYNC_REPLICAS");

        assertThat(ComposeChecker.problems(ComposeStack.of(copy, compose, environment)))
                .anySatisfy(problem ->
                        assertThat(problem).contains("sets KAFKA_MIN_INSYNC_REPLICAS=1; with 3 broker(s) it must be 2"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("kafka-init must create topics with 3 replica(s) and min.insync.replicas 2"));
    }

    @Test
    void aMissingMountedConfigIsNamed() throws IOException {
        Files.delete(copy.resolve("dashboards/alertmanager/alertmanager.yml"));

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "alertmanager mounts ./dashboards/alertmanager/alertmanager.yml, which does not exist"));
    }

    @Test
    void aMissingDockerfileIsNamed() throws IOException {
        Files.delete(copy.resolve("deploy/producer/Dockerfile"));

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("Dockerfile of producer does not exist: deploy/producer/Dockerfile"));
    }

    @Test
    void aWritableConfigMountIsNamed() {
        ArrayNode volumes = (ArrayNode) service("prometheus").path("volumes");
        volumes.set(0, volumes.get(0).asText().replace(":ro", ""));

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("prometheus mounts").contains("writable"));
    }

    @Test
    void latestAndUntaggedImagesAreNotPins() {
        service("prometheus").put("image", "prom/prometheus:latest");
        service("grafana").put("image", "grafana/grafana");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("prom/prometheus:latest: 'latest' is not a pin"))
                .anySatisfy(problem -> assertThat(problem).contains("grafana/grafana without a tag"));
    }

    @Test
    void anUnpinnedBaseImageInADockerfileIsNamed() throws IOException {
        edit("deploy/streams-app/Dockerfile", "FROM eclipse-temurin:17.0.17_10-jre-noble", "FROM eclipse-temurin");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("deploy/streams-app/Dockerfile")
                        .contains("eclipse-temurin without a tag"));
    }

    @Test
    void aServiceImageRunningAsRootIsNamed() throws IOException {
        edit("deploy/producer/Dockerfile", "USER reflect:reflect", "USER root");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("deploy/producer/Dockerfile runs its final stage as root"));
    }

    @Test
    void aPortOnEveryInterfaceIsNamed() {
        ((ArrayNode) service("grafana").path("ports")).set(0, "3000:3000");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem).contains("grafana publishes '3000:3000' on every interface"));
    }

    @Test
    void aPublicBindAddressAsTheDefaultIsNamed() {
        ((ArrayNode) service("producer").path("ports")).set(0, "${REFLECT_PUBLISH_ADDRESS:-0.0.0.0}:8080:8080");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("producer publishes").contains("on 0.0.0.0 by default"));
    }

    @Test
    void aPublishedPortTheServiceDoesNotListenOnIsNamed() {
        ((ArrayNode) service("streams-2").path("ports")).set(0, "127.0.0.1:8082:8082");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("streams-2 publishes container port 8082 but listens on 8081"));
    }

    @Test
    void aSecretWithADefaultIsNamed() {
        environment("producer").put("REFLECT_JWT_SECRET", "${REFLECT_JWT_SECRET:-a-default-that-nobody-changes-ever}");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("${REFLECT_JWT_SECRET} must fail when unset")
                        .contains("default"));
    }

    @Test
    void aSecretWrittenIntoTheFileIsNamed() {
        environment("grafana").put("GF_SECURITY_ADMIN_PASSWORD", "admin");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem).contains("grafana sets GF_SECURITY_ADMIN_PASSWORD in the file"));
    }

    @Test
    void twoStreamsInstancesAdvertisingOneHostAreNamed() {
        environment("streams-2").put("REFLECT_QUERY_ADVERTISED_HOST", "streams-1");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("streams-2 advertises REFLECT_QUERY_ADVERTISED_HOST=streams-1"));
    }

    @Test
    void theDefaultAdvertisedHostIsNamed() {
        environment("streams-1").remove("REFLECT_QUERY_ADVERTISED_HOST");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("streams-1 advertises REFLECT_QUERY_ADVERTISED_HOST=127.0.0.1"));
    }

    @Test
    void streamsInstancesSharingAStateVolumeAreNamed() {
        ((ArrayNode) service("streams-2").path("volumes")).set(0, "streams-1-state:/var/lib/reflect/streams");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("streams-1 and streams-2 share the state volume streams-1-state"));
    }

    @Test
    void aSingleStreamsInstanceIsNamed() throws IOException {
        ((ObjectNode) compose.path("services")).remove("streams-2");
        edit("deploy/prometheus/prometheus.yml", "'streams-1:8081', 'streams-2:8081'", "'streams-1:8081'");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem).contains("1 streams-app instance(s)"));
    }

    @Test
    void aMissingHealthcheckIsNamed() {
        service("alertmanager").remove("healthcheck");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem).contains("alertmanager has no healthcheck"));
    }

    @Test
    void aHealthcheckOnTheWrongPortIsNamed() {
        ArrayNode test = (ArrayNode) service("producer").path("healthcheck").path("test");
        test.set(test.size() - 1, "http://127.0.0.1:9999/health/ready");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("producer's healthcheck does not ask 127.0.0.1:8080/health/ready"));
    }

    @Test
    void dependingOnAServiceThatIsMerelyStartedIsNamed() {
        ((ObjectNode) service("grafana").path("depends_on").path("prometheus")).put("condition", "service_started");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem).contains("grafana depends on prometheus with service_started"));
    }

    @Test
    void dependsOnWithoutConditionsIsNamed() {
        service("grafana").putArray("depends_on").add("prometheus");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("grafana lists depends_on without conditions"));
    }

    @Test
    void aForgottenContractTopicIsNamed() {
        environment("kafka-init").put("REFLECT_TOPICS", "reflect.checkins.v1 reflect.journal.v1 reflect.alerts.v1");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("topics: kafka-init creates")
                        .contains("reflect.deadletter.v1"));
    }

    @Test
    void kafkaDataOutsideAVolumeIsNamed() {
        service("kafka").putArray("volumes");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("kafka's log dir /var/lib/kafka/data is not on a named volume"));
    }

    @Test
    void anAppBootstrappingFromAnAddressKafkaDoesNotAdvertiseIsNamed() {
        environment("producer").put("REFLECT_BOOTSTRAP_SERVERS", "kafka:9092");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("producer bootstraps from kafka:9092, which kafka does not advertise"));
    }

    @Test
    void aWebAppPassingWritesToTheWrongPortIsNamed() {
        environment("web").put("REFLECT_WEB_INGEST_URL", "http://producer:9999");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("web's REFLECT_WEB_INGEST_URL uses port 9999 but producer listens on 8080"));
    }

    @Test
    void aWebAppReadingFromSomethingElseThanAQueryInstanceIsNamed() {
        environment("web").put("REFLECT_WEB_QUERY_URL", "http://producer:8080");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("web's REFLECT_WEB_QUERY_URL names producer, which is no STREAMS service"));
    }

    @Test
    void aScrapeTargetOnTheWrongPortIsNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "'producer:8080'", "'producer:9999'");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("job reflect-producer scrapes producer:9999 but producer listens on 8080"));
    }

    @Test
    void aStreamsInstanceMissingFromTheScrapeIsNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "'streams-1:8081', 'streams-2:8081'", "'streams-1:8081'");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "job reflect-streams scrapes [streams-1] but the STREAMS services are [streams-1, streams-2]"));
    }

    @Test
    void aScrapeTargetThatIsNoServiceIsNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "'producer:8080'", "'127.0.0.1:8080'");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem).contains("scrapes 127.0.0.1:8080, which is no compose service"));
    }

    @Test
    void aRenamedJobIsNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "job_name: reflect-producer", "job_name: ingest");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("prometheus: jobs")
                        .contains("the rules select on these job names"));
    }

    @Test
    void ruleFilesThatAreNotDashboardsAreNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "rules/*.yml", "rules/pipeline.yml");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("prometheus: loads rule files")
                        .contains("dashboards/prometheus/rules holds"));
    }

    @Test
    void rulesMountedSomewhereElseAreNamed() {
        ArrayNode volumes = (ArrayNode) service("prometheus").path("volumes");
        volumes.set(1, "./dashboards/prometheus/rules:/srv/rules:ro");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("rule files rules/*.yml match no file of the repository"));
    }

    @Test
    void theLocalRunsPrometheusConfigIsNamed() {
        ((ArrayNode) service("prometheus").path("volumes"))
                .set(0, "./dashboards/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("mounts dashboards/prometheus/prometheus.yml, which scrapes the local run"));
    }

    @Test
    void alertsSentOutsideTheStackAreNamed() throws IOException {
        edit("deploy/prometheus/prometheus.yml", "'alertmanager:9093'", "'127.0.0.1:9093'");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("sends alerts to 127.0.0.1:9093, which is no Alertmanager service"));
    }

    @Test
    void aGrafanaDatasourceOutsideTheStackIsNamed() throws IOException {
        edit(
                "deploy/grafana/provisioning/datasources/prometheus.yaml",
                "http://prometheus:9090",
                "http://127.0.0.1:9090");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "datasource reflect-prometheus points at http://127.0.0.1:9090, not http://prometheus:9090"));
    }

    @Test
    void aGrafanaDatasourceWithAnotherUidIsNamed() throws IOException {
        edit("deploy/grafana/provisioning/datasources/prometheus.yaml", "uid: reflect-prometheus", "uid: prometheus");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("no datasource with uid reflect-prometheus"));
    }

    @Test
    void dashboardsMountedWhereTheProviderDoesNotLookAreNamed() {
        ArrayNode volumes = (ArrayNode) service("grafana").path("volumes");
        volumes.set(2, "./dashboards/grafana/dashboards:/var/lib/grafana/dashboards/other:ro");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "provider reflect loads /var/lib/grafana/dashboards/reflect, which is not dashboards/grafana/dashboards"));
    }

    @Test
    void anotherAlertmanagerConfigIsNamed() throws IOException {
        Files.copy(copy.resolve("dashboards/alertmanager/alertmanager.yml"), copy.resolve("deploy/alertmanager.yml"));
        ((ArrayNode) service("alertmanager").path("volumes"))
                .set(0, "./deploy/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");

        assertThat(problems())
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "alertmanager: /etc/alertmanager/alertmanager.yml is not dashboards/alertmanager/alertmanager.yml"));
    }

    @Test
    void interpolationResolvesDefaultsAndMarksRequiredVariables() {
        assertThat(Interpolation.withDefaults("${A:-127.0.0.1}:${B:-8080}:8080"))
                .isEqualTo("127.0.0.1:8080:8080");
        assertThat(Interpolation.withDefaults("${S:?set S}")).isEqualTo("<S>");
        assertThat(Interpolation.resolve("${A:-x}/$$HOME/${B-y}", Map.of("A", "", "B", "")))
                .isEqualTo("x/$HOME/");
        assertThat(Interpolation.references("for t in $$REFLECT_TOPICS; ${S:?m} ${D:-d}"))
                .extracting(Interpolation.Reference::variable, Interpolation.Reference::required)
                .containsExactly(tuple("S", true), tuple("D", false));
    }
}
