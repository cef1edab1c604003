package dev.reflect.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.deploy.ComposeStack.Mount;
import dev.reflect.deploy.ComposeStack.Role;
import dev.reflect.deploy.ComposeStack.Service;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real promtool and amtool judge the configs as the containers see them: the container's
 * file tree is rebuilt from the service's bind mounts in the compose file, so a rule path that
 * only resolves on the host, or a mount in the wrong place, fails here. Where the tools are not
 * installed the tests are skipped, and in CI ({@code CI=true}) they fail, as in dashboards/.
 */
class ComposeConfigToolsTest {

    private final ComposeStack stack = ComposeStack.read(Repository.root());

    @TempDir
    Path container;

    @Test
    void prometheusAcceptsItsConfigAndFindsEveryRuleFileOfDashboards() throws IOException {
        Path promtool = require("promtool");
        Service prometheus = stack.withRole(Role.PROMETHEUS).get(0);
        mirrorBindMounts(prometheus);
        String config = prometheus.flag("--config.file").orElseThrow();
        long ruleFiles;
        try (Stream<Path> rules = Files.list(Repository.root().resolve(ComposeChecker.DASHBOARDS_RULES))) {
            ruleFiles = rules.filter(file -> file.toString().endsWith(".yml")).count();
        }

        Result result = run(promtool, "check", "config", inContainer(config).toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(ruleFiles).isPositive();
        assertThat(result.output()).contains("SUCCESS: " + ruleFiles + " rule files found");
    }

    @Test
    void alertmanagerAcceptsItsConfig() throws IOException {
        Path amtool = require("amtool");
        Service alertmanager = stack.withRole(Role.ALERTMANAGER).get(0);
        mirrorBindMounts(alertmanager);
        String config = alertmanager.flag("--config.file").orElseThrow();

        Result result = run(amtool, "check-config", inContainer(config).toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    private Path inContainer(String containerPath) {
        return container.resolve(containerPath.replaceFirst("^/+", ""));
    }

    /** Each bind mount's source copied to its target under {@link #container}. */
    private void mirrorBindMounts(Service service) {
        for (Mount mount : service.mounts()) {
            if (mount.bind()) {
                Repository.copy(stack.resolve(mount.source()), inContainer(mount.target()));
            }
        }
    }

    private record Result(int exitCode, String output) {}

    private static Path require(String tool) {
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = tool + " is not installed (Debian packages prometheus, prometheus-alertmanager)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return found.get();
    }

    private Result run(Path tool, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("reflect-tool-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }
}
