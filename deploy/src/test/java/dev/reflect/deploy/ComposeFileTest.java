package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.deploy.ComposeStack.Role;
import dev.reflect.deploy.ComposeStack.Service;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.streams.app.StreamsAppConfig;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's docker-compose.yml, judged without Docker by {@link ComposeChecker}. What the
 * checker can catch is shown by {@link ComposeCheckerTest}, which breaks copies of the stack.
 */
class ComposeFileTest {

    /** The env file that turns the three-broker profile on, named in the compose file and the README. */
    static final String THREE_BROKERS_ENV_FILE = "deploy/three-brokers.env";

    private final ComposeStack stack = ComposeStack.read(Repository.root());

    @Test
    void theStackHasNoProblems() {
        List<String> problems = ComposeChecker.problems(stack);

        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theStackRunsEveryPartOfThePipeline() {
        // The checker judges services by role; this keeps it from passing a stack it cannot see.
        for (Role role : List.of(Role.KAFKA, Role.INGEST, Role.WEB, Role.PROMETHEUS, Role.ALERTMANAGER, Role.GRAFANA)) {
            assertThat(stack.withRole(role)).as(role.name()).isNotEmpty();
        }
        assertThat(stack.withRole(Role.STREAMS)).extracting(Service::name).containsExactly("streams-1", "streams-2");
    }

    @Test
    void theNotifierRunsUnpublishedWithTheStreamsAppsPseudonymSecretAndAnEndpointsFile() throws Exception {
        Service notifier = stack.service("notifier").orElseThrow();

        assertThat(Files.readString(notifier.dockerfile().orElseThrow())).contains("dev.reflect.notifier.NotifierMain");
        assertThat(notifier.ports())
                .as("health and metrics stay inside the network")
                .isEmpty();
        assertThat(notifier.rawEnvironment().get("REFLECT_PSEUDONYM_SECRET"))
                .isEqualTo(stack.service("streams-1")
                        .orElseThrow()
                        .rawEnvironment()
                        .get("REFLECT_PSEUDONYM_SECRET"));
        assertThat(notifier.mounts()).anySatisfy(mount -> {
            assertThat(mount.target())
                    .isEqualTo(notifier.env("REFLECT_NOTIFIER_ENDPOINTS").orElseThrow());
            assertThat(mount.readOnly()).isTrue();
            // The default file is an empty list, and it is valid: the notifier starts and sends nothing.
            assertThat(ClinicianEndpoints.load(Repository.root().resolve(mount.source()))
                            .size())
                    .isZero();
        });
    }

    @Test
    void eachStreamsInstanceAdvertisesItsOwnServiceName() {
        assertThat(stack.withRole(Role.STREAMS))
                .allSatisfy(instance -> assertThat(instance.env(StreamsAppConfig.ADVERTISED_HOST_VARIABLE))
                        .contains(instance.name()));
    }

    @Test
    void everyPublishedPortIsOnLocalhostByDefault() {
        assertThat(stack.services().values().stream().flatMap(service -> service.ports().stream()))
                .isNotEmpty()
                .allSatisfy(port -> assertThat(port.hostIp()).contains(ComposeChecker.LOCALHOST));
    }

    @Test
    void theFullStackTestMovesEveryPublishedPort() {
        // Otherwise FullStackComposeIT would collide with whatever holds a default port on its machine.
        List<String> portVariables = stack.services().values().stream()
                .flatMap(service -> service.ports().stream())
                .flatMap(port -> Interpolation.references(port.raw()).stream())
                .map(Interpolation.Reference::variable)
                .filter(variable -> variable.endsWith("_PORT"))
                .toList();

        assertThat(portVariables)
                .containsExactlyInAnyOrderElementsOf(FullStackComposeIT.PUBLISHED_PORTS.stream()
                        .map(FullStackComposeIT::publishVariable)
                        .toList());
    }

    @Test
    void theThreeBrokerProfileIsAStackWithoutProblemsToo() {
        ComposeStack threeBrokers = ComposeStack.read(Repository.root(), threeBrokersEnvironment());
        List<String> problems = ComposeChecker.problems(threeBrokers);

        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        assertThat(threeBrokers.withRole(Role.KAFKA).stream()
                        .filter(s -> s.env("KAFKA_PROCESS_ROLES").isPresent()))
                .extracting(Service::name)
                .containsExactly("kafka", "kafka-2", "kafka-3");
        assertThat(threeBrokers.service("kafka").orElseThrow().env("KAFKA_MIN_INSYNC_REPLICAS"))
                .hasValue("2");
        assertThat(threeBrokers.withRole(Role.STREAMS))
                .allSatisfy(instance -> assertThat(instance.env(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE))
                        .hasValue("kafka:19092,kafka-2:19092,kafka-3:19092"));
    }

    @Test
    void withoutTheProfileTheStackHasOneBrokerWithOneReplicaOfEverything() {
        assertThat(stack.service("kafka-2")).isEmpty();
        assertThat(stack.service("kafka").orElseThrow().env("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .hasValue("1@kafka:9093");
        assertThat(stack.service("kafka").orElseThrow().env("KAFKA_DEFAULT_REPLICATION_FACTOR"))
                .hasValue("1");
    }

    private static java.util.Map<String, String> threeBrokersEnvironment() {
        return ComposeStack.readEnvFile(Repository.root().resolve(THREE_BROKERS_ENV_FILE));
    }

    @Test
    void secretsComeOnlyFromTheEnvironment() {
        List<Interpolation.Reference> secrets = stack.services().values().stream()
                .flatMap(service -> service.rawEnvironment().values().stream())
                .flatMap(value -> Interpolation.references(value).stream())
                .filter(reference -> ComposeChecker.secretName(reference.variable()))
                .toList();

        assertThat(secrets)
                .extracting(Interpolation.Reference::variable)
                .contains("REFLECT_JWT_SECRET", "REFLECT_PSEUDONYM_SECRET", "REFLECT_GRAFANA_ADMIN_PASSWORD");
        assertThat(secrets)
                .allSatisfy(reference -> assertThat(reference.required())
                        .as(reference.variable())
                        .isTrue());
    }
}
