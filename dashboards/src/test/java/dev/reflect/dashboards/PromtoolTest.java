package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.dashboards.support.ExternalTool;
import dev.reflect.dashboards.support.ExternalTool.Result;
import dev.reflect.dashboards.support.ObservabilityFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real promtool judges the Prometheus config, the rules, and runs the rule unit tests. */
class PromtoolTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ExternalTool promtool;
    private final Path prometheusDir = ObservabilityFiles.moduleDir().resolve("prometheus");

    @BeforeEach
    void promtool() {
        promtool = ExternalTool.require("promtool");
    }

    @Test
    void configIsValidAndLoadsEveryRuleFile() {
        Result result = promtool.run(prometheusDir, TIMEOUT, "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("SUCCESS: " + ObservabilityFiles.ruleFiles().size() + " rule files found");
    }

    @Test
    void rulesAreValid() {
        Result result = promtool.run(
                prometheusDir, TIMEOUT, arguments(List.of("check", "rules"), ObservabilityFiles.ruleFiles()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED");
    }

    @Test
    void ruleUnitTestsPass() {
        List<Path> testFiles = ObservabilityFiles.ruleTestFiles();
        Result result = promtool.run(prometheusDir, TIMEOUT, arguments(List.of("test", "rules"), testFiles));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().split("SUCCESS", -1)).as(result.output()).hasSize(testFiles.size() + 1);
    }

    private String[] arguments(List<String> command, List<Path> files) {
        List<String> arguments = new ArrayList<>(command);
        files.forEach(file -> arguments.add(prometheusDir.relativize(file).toString()));
        return arguments.toArray(String[]::new);
    }
}
