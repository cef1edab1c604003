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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real amtool judges the Alertmanager config and says where each kind of alert goes. */
class AmtoolTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ExternalTool amtool;
    private final Path config = ObservabilityFiles.alertmanagerConfig();

    @BeforeEach
    void amtool() {
        amtool = ExternalTool.require("amtool");
    }

    @Test
    void configIsValid() {
        Result result = amtool.run(
                config.getParent(),
                TIMEOUT,
                "check-config",
                config.getFileName().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").contains("4 inhibit rules");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "alertname=ReflectUserEscalationSevere team=clinical severity=page level=SEVERE user=3f2a9c01d4e5b6a7 | clinical-page",
                "alertname=ReflectUserEscalationHigh team=clinical severity=page level=HIGH user=3f2a9c01d4e5b6a7 | clinical-page",
                "alertname=ReflectUserEscalationElevated team=clinical severity=info level=ELEVATED user=3f2a9c01d4e5b6a7 | clinical-review",
                "alertname=ReflectEscalationSurge team=clinical severity=ticket | clinical-review",
                "alertname=ReflectServiceDown team=operations severity=page job=reflect-streams | operations-page",
                "alertname=ReflectIngestErrors team=operations severity=ticket | operations",
                "alertname=Watchdog team=operations severity=none | watchdog",
                "alertname=SomethingUnlabelled | operations",
            })
    void routesEachKindOfAlertToItsReceiver(String labels, String receiver) {
        List<String> arguments = new ArrayList<>(List.of(
                "config", "routes", "test", "--config.file=" + config.getFileName(), "--verify.receivers=" + receiver));
        arguments.addAll(List.of(labels.split(" ")));

        Result result = amtool.run(config.getParent(), TIMEOUT, arguments.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(line -> !line.startsWith("Warning")))
                .containsExactly(receiver);
    }
}
