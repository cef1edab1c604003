package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.deploy.ComposeStack.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's Alertmanager config, rendered by deploy/alertmanager/render.sh from
 * dashboards/'s routing and the REFLECT_ALERTMANAGER_*_URL variables, as the container does it,
 * and judged by the real amtool.
 */
class AlertmanagerReceiversTest {

    private static final Path RENDER = Repository.root().resolve("deploy/alertmanager/render.sh");
    private static final Path ROUTING = Repository.root().resolve(ComposeChecker.DASHBOARDS_ALERTMANAGER_CONFIG);
    private static final List<String> RECEIVERS =
            List.of("WATCHDOG", "CLINICAL_PAGE", "CLINICAL_REVIEW", "OPERATIONS_PAGE", "OPERATIONS");

    @TempDir
    Path dir;

    private record Run(int exit, String output) {}

    @Test
    void composePassesEveryReceiversVariableToTheRenderingEntrypoint() {
        Service alertmanager =
                ComposeStack.read(Repository.root()).service("alertmanager").orElseThrow();

        assertThat(alertmanager.node().path("entrypoint").toString()).contains("/etc/alertmanager/render.sh");
        assertThat(alertmanager.mounts())
                .anySatisfy(mount -> assertThat(mount.target()).isEqualTo("/etc/alertmanager/render.sh"));
        for (String receiver : RECEIVERS) {
            assertThat(alertmanager.rawEnvironment()).containsKey(variable(receiver));
        }
    }

    @Test
    void eachReceiverSendsToTheUrlItsVariableGivesAndAmtoolAcceptsTheConfig() throws Exception {
        Map<String, String> env = new HashMap<>();
        RECEIVERS.forEach(r -> env.put(variable(r), "https://alerts.example.org/" + r.toLowerCase(Locale.ROOT)));

        Run run = render(env);

        assertThat(run.exit()).as(run.output()).isZero();
        String config = Files.readString(dir.resolve("alertmanager.yml"));
        for (String receiver : RECEIVERS) {
            assertThat(config).contains("url: 'https://alerts.example.org/" + receiver.toLowerCase(Locale.ROOT) + "'");
        }
        assertThat(config).doesNotContain("127.0.0.1");
        // Everything above the receivers is dashboards/'s routing, unchanged.
        String routing = Files.readString(ROUTING);
        assertThat(config).startsWith(routing.substring(0, routing.indexOf("receivers:")));
        Run check = amtool("check-config", dir.resolve("alertmanager.yml").toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS").contains("5 receivers");
    }

    @Test
    void anUnsetReceiverTellsNobodyAndSaysSoAndTheConfigIsStillValid() throws Exception {
        Run run = render(Map.of(variable("OPERATIONS"), "https://ops.example.org/hook"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("REFLECT_ALERTMANAGER_WATCHDOG_URL is not set: receiver watchdog tells nobody")
                .doesNotContain("OPERATIONS_URL is not set");
        String config = Files.readString(dir.resolve("alertmanager.yml"));
        assertThat(config).contains("url: 'https://ops.example.org/hook'").doesNotContain("127.0.0.1");
        Run check = amtool("check-config", dir.resolve("alertmanager.yml").toString());
        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void aLoopbackOrMalformedUrlIsRefusedNamingTheVariableNotTheUrl() throws Exception {
        Run loopback = render(Map.of(variable("CLINICAL_PAGE"), "http://127.0.0.1:9095/clinical/page?token=s3cret"));
        Run quoted = render(Map.of(variable("OPERATIONS"), "https://ops.example.org/x' evil"));

        assertThat(loopback.exit()).isEqualTo(2);
        assertThat(loopback.output())
                .contains("REFLECT_ALERTMANAGER_CLINICAL_PAGE_URL is a loopback address")
                .doesNotContain("s3cret");
        assertThat(quoted.exit()).isEqualTo(2);
        assertThat(quoted.output()).contains("REFLECT_ALERTMANAGER_OPERATIONS_URL must be an http(s) URL");
    }

    private static String variable(String receiver) {
        return "REFLECT_ALERTMANAGER_" + receiver + "_URL";
    }

    private Run render(Map<String, String> urls) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("sh", RENDER.toString(), "--config.file=" + ROUTING, "--storage.path=/alertmanager");
        builder.environment().keySet().removeIf(name -> name.startsWith("REFLECT_ALERTMANAGER_"));
        builder.environment().putAll(urls);
        builder.environment().put("REFLECT_ALERTMANAGER_RENDER_ONLY", "true");
        builder.environment()
                .put(
                        "REFLECT_ALERTMANAGER_CONFIG_OUT",
                        dir.resolve("alertmanager.yml").toString());
        return run(builder);
    }

    private static Run amtool(String... arguments) throws IOException, InterruptedException {
        Optional<Path> amtool = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, "amtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (amtool.isEmpty()) {
            String message = "amtool is not installed (apt-get install prometheus-alertmanager)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        List<String> command = new ArrayList<>(List.of(amtool.get().toString()));
        command.addAll(List.of(arguments));
        return run(new ProcessBuilder(command));
    }

    private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
