package dev.reflect.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetterDeserializationExceptionHandler;
import dev.reflect.streams.deadletter.DeadLetterProcessingExceptionHandler;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class ReflectStreamsConfigTest {

    @Test
    void baseConfigIsExactlyOnceWithDeadLetterHandlers() {
        Properties props = ReflectStreamsConfig.base("127.0.0.1:1234");
        StreamsConfig config = new StreamsConfig(props);

        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("reflect-streams");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();
        assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo(Topics.DEADLETTER.name());
        assertThat(config.getClass(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterProcessingExceptionHandler.class);
        assertThat(config.getClass(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterDeserializationExceptionHandler.class);
    }

    @Test
    void clientSettingsComeFirstAndStandbysAreConfigurable() {
        Properties props = ReflectStreamsConfig.base(
                Map.of(
                        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "b:1",
                        "security.protocol",
                        "SSL",
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                        "at_least_once"),
                "other-app",
                1);

        assertThat(props)
                .containsEntry("security.protocol", "SSL")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "other-app")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");
        assertThatThrownBy(() -> ReflectStreamsConfig.base(Map.of(), "a", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTopologyIsAPureFunctionOfItsSettings() {
        TopologyDescription once =
                ReflectTopology.build(TopologySettings.defaults()).describe();
        TopologyDescription twice =
                ReflectTopology.build(TopologySettings.defaults()).describe();

        assertThat(once).isEqualTo(twice);
        // The people (input, sharing, alerts), the caseloads by clinician, the access logs.
        assertThat(once.subtopologies()).hasSize(3);
        assertThat(once.subtopologies().stream().map(Object::toString))
                .anySatisfy(people -> assertThat(people)
                        .contains(
                                Topics.CHECKINS.name(),
                                Topics.JOURNAL.name(),
                                Topics.SHARING.name(),
                                Topics.ALERTS.name(),
                                Topics.DEADLETTER.name(),
                                ReflectTopology.VALIDATE_CHECKINS,
                                ReflectTopology.AGGREGATE))
                .anySatisfy(caseloads -> assertThat(caseloads).contains(ReflectTopology.WRITE_CASELOADS))
                .anySatisfy(logs -> assertThat(logs).contains(Topics.AUDIT.name(), ReflectTopology.KEEP_ACCESS_LOG));
    }

    @Test
    void settingsRefuseARetentionShorterThanTheRules() {
        assertThatThrownBy(() -> TopologySettings.builder().retentionDays(30).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retentionDays");
    }
}
