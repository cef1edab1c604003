package dev.reflect.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

    @Test
    void defaultsToTheLocalBroker() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of()));

        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(kafka.base()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void passesReflectKafkaVariablesThroughAsClientSettings() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of(
                "REFLECT_BOOTSTRAP_SERVERS", "broker-1:9093",
                "REFLECT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "REFLECT_KAFKA_SASL_MECHANISM", "PLAIN",
                "REFLECT_KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required;")));

        assertThat(kafka.base())
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
    }

    @Test
    void appSettingsUnderTheReflectKafkaPrefixAreNotPassedThrough() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of(
                "REFLECT_KAFKA_WRITE_TIMEOUT_MS", "5000",
                "REFLECT_KAFKA_PORT", "9092",
                "REFLECT_KAFKA_DATA_DIR", "/tmp/x")));

        assertThat(kafka.base()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void readsAPropertiesFileThatEnvironmentVariablesOverride(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=from-file:9092\nsecurity.protocol=SSL\nclient.rack=a\n");

        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(
                Map.of("REFLECT_KAFKA_CONFIG_FILE", file.toString(), "REFLECT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));

        assertThat(kafka.base())
                .containsEntry("bootstrap.servers", "from-file:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.rack", "a")
                .doesNotContainKey("config.file");
    }

    @Test
    void anExplicitBootstrapVariableWinsOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=from-file:9092\n");

        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(
                Map.of("REFLECT_KAFKA_CONFIG_FILE", file.toString(), "REFLECT_BOOTSTRAP_SERVERS", "explicit:9092")));

        assertThat(kafka.bootstrapServers()).isEqualTo("explicit:9092");
    }

    @Test
    void aMissingConfigFileFailsStartupNamingTheVariable(@TempDir Path dir) {
        Env env = Env.of(Map.of(
                "REFLECT_KAFKA_CONFIG_FILE", dir.resolve("absent.properties").toString()));

        assertThatThrownBy(() -> KafkaClientConfig.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_KAFKA_CONFIG_FILE");
    }

    @Test
    void theAppsOwnSettingsCannotBeWeakenedFromOutside() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of(
                "REFLECT_KAFKA_ACKS", "0",
                "REFLECT_KAFKA_LINGER_MS", "20")));

        Map<String, Object> producer = kafka.configure(Map.of("acks", "all", "enable.idempotence", true));

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("linger.ms", "20");
        assertThat(kafka.base()).containsEntry("acks", "0");
    }

    @Test
    void variableNamesMapToDottedLowercaseSettings() {
        assertThat(KafkaClientConfig.kafkaName("REFLECT_KAFKA_SSL_TRUSTSTORE_LOCATION"))
                .isEqualTo("ssl.truststore.location");
    }

    @Test
    void toStringShowsSettingNamesButNoValues() {
        KafkaClientConfig kafka = KafkaClientConfig.from(
                Env.of(Map.of("REFLECT_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"hunter2\";")));

        assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
    }
}
