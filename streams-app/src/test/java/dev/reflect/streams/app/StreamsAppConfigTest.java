package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.InputTopics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.topology.AlertWindow;
import dev.reflect.streams.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    private static final String SECRET = "streams-config-test-secret-0123456789abcdef";
    private static final String PSEUDONYM_SECRET = "streams-config-test-pseudonym-secret-0123456789";

    private static StreamsAppConfig read(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>();
        all.put("REFLECT_JWT_SECRET", SECRET);
        all.put("REFLECT_PSEUDONYM_SECRET", PSEUDONYM_SECRET);
        all.put(KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET);
        all.putAll(variables);
        return StreamsAppConfig.from(Env.of(all));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        StreamsAppConfig config = read(Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.stateDir()).isEqualTo(Path.of(".reflect-data/streams"));
        assertThat(config.applicationId()).isEqualTo("reflect-streams");
        assertThat(config.standbyReplicas()).isEqualTo(1);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.topology()).isEqualTo(TopologySettings.defaults());
        assertThat(config.pseudonym())
                .hasValueSatisfying(pseudonym -> assertThat(pseudonym.of("u-1"))
                        .isEqualTo(Pseudonym.withSecret(PSEUDONYM_SECRET.getBytes(StandardCharsets.UTF_8))
                                .of("u-1")));
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        StreamsAppConfig config = read(Map.of(
                "REFLECT_QUERY_HOST", "127.0.0.1",
                "REFLECT_QUERY_PORT", "0",
                "REFLECT_QUERY_ADVERTISED_HOST", "streams-1.internal",
                "REFLECT_STATE_DIR", "/var/lib/reflect/streams",
                "REFLECT_APPLICATION_ID", "reflect-streams-blue",
                "REFLECT_STANDBY_REPLICAS", "2",
                "REFLECT_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092"));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.advertisedHost()).isEqualTo("streams-1.internal");
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/reflect/streams"));
        assertThat(config.applicationId()).isEqualTo("reflect-streams-blue");
        assertThat(config.standbyReplicas()).isEqualTo(2);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    }

    @Test
    void thresholdsAreReadFromTheirVariables() {
        StreamsAppConfig config = read(Map.of(
                TopologyVariables.MIN_REASSURANCE_ASKS, "4",
                TopologyVariables.REASSURANCE_FACTOR, "2.5",
                TopologyVariables.DEFAULT_WEEKLY_ASKS, "1.5",
                TopologyVariables.DEESCALATION_DAYS, "5",
                TopologyVariables.PRORATE_YOUNG_BASELINE, "true",
                TopologyVariables.PER_USER_METRICS_CAP, "0"));

        EscalationThresholds thresholds = config.topology().escalation();
        assertThat(thresholds.minReassuranceAsks()).isEqualTo(4);
        assertThat(thresholds.reassuranceFactor()).isEqualTo(2.5);
        assertThat(thresholds.defaultWeeklyAsks()).isEqualTo(1.5);
        assertThat(thresholds.deescalationDays()).isEqualTo(5);
        assertThat(thresholds.prorateYoungBaseline()).isTrue();
        assertThat(thresholds.minTriggers())
                .isEqualTo(EscalationThresholds.defaults().minTriggers());
        assertThat(config.topology().perUserMetricsCap()).isZero();
    }

    @Test
    void invalidValuesFailNamingTheVariableNotTheValue() {
        assertThatThrownBy(() -> read(Map.of("REFLECT_QUERY_PORT", "80801")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_QUERY_PORT")
                .hasMessageNotContaining("80801");
        assertThatThrownBy(() -> read(Map.of("REFLECT_STANDBY_REPLICAS", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_STANDBY_REPLICAS");
        assertThatThrownBy(() -> read(Map.of(TopologyVariables.TRIGGER_FACTOR, "twice")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyVariables.TRIGGER_FACTOR)
                .hasMessageNotContaining("twice");
        assertThatThrownBy(() -> read(Map.of(TopologyVariables.REASSURANCE_FACTOR, "NaN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyVariables.REASSURANCE_FACTOR);
    }

    @Test
    void thresholdsTheEvaluatorRejectsFailAtStartup() {
        assertThatThrownBy(() -> read(Map.of(TopologyVariables.BASELINE_WEEKS, "9")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyVariables.BASELINE_WEEKS);
        // In range for the variable, but a factor of 0 would make every user ELEVATED.
        assertThatThrownBy(() -> read(Map.of(TopologyVariables.REASSURANCE_FACTOR, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_ESCALATION_");
    }

    @Test
    void withPerUserMetricsOnAndNoPseudonymSecretTheAppRefusesToStart() {
        assertThatThrownBy(() -> read(Map.of("REFLECT_PSEUDONYM_SECRET", " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_PSEUDONYM_SECRET")
                .hasMessageContaining(TopologyVariables.PER_USER_METRICS_CAP + "=0");
        assertThatThrownBy(() -> read(Map.of("REFLECT_PSEUDONYM_SECRET", "short-s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_PSEUDONYM_SECRET")
                .hasMessageNotContaining("short-s3cret");
    }

    @Test
    void withoutAKeyEncryptionKeyTheAppRefusesToStart() {
        Map<String, String> variables = new HashMap<>();
        variables.put("REFLECT_JWT_SECRET", SECRET);
        variables.put("REFLECT_PSEUDONYM_SECRET", PSEUDONYM_SECRET);
        assertThatThrownBy(() -> StreamsAppConfig.from(Env.of(variables)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KekSettings.FILE_VARIABLE);
    }

    @Test
    void withPerUserMetricsOffNoPseudonymSecretIsNeeded() {
        StreamsAppConfig config =
                read(Map.of("REFLECT_PSEUDONYM_SECRET", "", TopologyVariables.PER_USER_METRICS_CAP, "0"));

        assertThat(config.pseudonym()).isEmpty();
        assertThat(config.topology().perUserMetricsCap()).isZero();
    }

    @Test
    void withoutAWayToVerifyTokensTheAppRefusesToStart() {
        assertThatThrownBy(() -> StreamsAppConfig.from(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_JWT_SECRET");
    }

    @Test
    void growingPartitionsPicksTheInputVersionAndTheAlertWindow() {
        TopologySettings defaults = read(Map.of()).topology();
        assertThat(defaults.inputs()).isEqualTo(InputTopics.V1);
        assertThat(defaults.announcing()).isEqualTo(AlertWindow.ALL);

        TopologySettings successor = read(Map.of(
                        InputTopics.VARIABLE, "v2", TopologyVariables.ALERTS_FROM, "2026-12-05T10:00:00Z"))
                .topology();
        assertThat(successor.inputs().checkIns().name()).isEqualTo("reflect.checkins.v2");
        assertThat(successor.announcing()).isEqualTo(AlertWindow.from(Instant.parse("2026-12-05T10:00:00Z")));

        TopologySettings retiring = read(Map.of(TopologyVariables.ALERTS_UNTIL, "2026-12-05T10:00:00Z"))
                .topology();
        assertThat(retiring.announcing()).isEqualTo(AlertWindow.until(Instant.parse("2026-12-05T10:00:00Z")));
    }

    @Test
    void badGrowingPartitionsSettingsAreRefusedByName() {
        assertThatThrownBy(() -> read(Map.of(InputTopics.VARIABLE, "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(InputTopics.VARIABLE);
        assertThatThrownBy(() -> read(Map.of(TopologyVariables.ALERTS_FROM, "tomorrow")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyVariables.ALERTS_FROM);
        assertThatThrownBy(() -> read(Map.of(
                        TopologyVariables.ALERTS_FROM,
                        "2026-12-05T10:00:00Z",
                        TopologyVariables.ALERTS_UNTIL,
                        "2026-12-05T09:00:00Z")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyVariables.ALERTS_UNTIL);
    }
}
