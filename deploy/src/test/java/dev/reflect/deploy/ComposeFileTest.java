package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.deploy.ComposeStack.Role;
import dev.reflect.deploy.ComposeStack.Service;
import dev.reflect.streams.app.StreamsAppConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's docker-compose.yml, judged without Docker by {@link ComposeChecker}. What the
 * checker can catch is shown by {@link ComposeCheckerTest}, which breaks copies of the stack.
 */
class ComposeFileTest {

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
