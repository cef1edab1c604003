package dev.reflect.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.InputTopics;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.keys.KekSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static final String SECRET = "ingest-config-test-secret-0123456789abc";

    @Test
    void hasTheDocumentedDefaults() {
        IngestConfig config = IngestConfig.from(Env.of(
                Map.of("REFLECT_JWT_SECRET", SECRET, KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET)));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.rateLimit()).isEqualTo(new RateLimit(60, 30));
        assertThat(config.jwt().usesJwks()).isFalse();
    }

    @Test
    void readsEverySetting() {
        IngestConfig config = IngestConfig.from(Env.of(Map.of(
                "REFLECT_JWT_SECRET",
                SECRET,
                KekSettings.VALUE_VARIABLE,
                KekSettings.DEVELOPMENT_KEYSET,
                "REFLECT_PRODUCER_HOST",
                "127.0.0.1",
                "REFLECT_PRODUCER_PORT",
                "18080",
                "REFLECT_BOOTSTRAP_SERVERS",
                "kafka-1:9092,kafka-2:9092",
                "REFLECT_KAFKA_WRITE_TIMEOUT_MS",
                "2500",
                "REFLECT_KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "REFLECT_RATE_LIMIT_PER_MINUTE",
                "0")));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(18080);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(config.kafka().base())
                .containsEntry("security.protocol", "SSL")
                .doesNotContainKey("write.timeout.ms");
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.rateLimit().enabled()).isFalse();
    }

    @Test
    void refusesToStartWithoutAWayToVerifyTokens() {
        assertThatThrownBy(() -> IngestConfig.from(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_JWT_SECRET");
    }

    @Test
    void refusesToStartWithoutAKeyEncryptionKey() {
        assertThatThrownBy(() -> IngestConfig.from(Env.of(Map.of("REFLECT_JWT_SECRET", SECRET))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KekSettings.FILE_VARIABLE)
                .hasMessageContaining(KekSettings.VALUE_VARIABLE);
    }

    @Test
    void namesTheVariableOfAnInvalidValue() {
        assertThatThrownBy(() -> IngestConfig.from(
                        Env.of(Map.of("REFLECT_JWT_SECRET", SECRET, "REFLECT_KAFKA_WRITE_TIMEOUT_MS", "50"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("REFLECT_KAFKA_WRITE_TIMEOUT_MS must be an integer between 1000 and 120000");
        assertThatThrownBy(() -> IngestConfig.from(
                        Env.of(Map.of("REFLECT_JWT_SECRET", SECRET, "REFLECT_PRODUCER_PORT", "http"))))
                .hasMessageContaining("REFLECT_PRODUCER_PORT");
    }

    @Test
    void writesToTheInputTopicsOfTheConfiguredVersion() {
        Map<String, String> base =
                Map.of("REFLECT_JWT_SECRET", SECRET, KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET);
        assertThat(IngestConfig.from(Env.of(base)).inputs()).isEqualTo(InputTopics.V1);

        Map<String, String> v2 = new java.util.HashMap<>(base);
        v2.put(InputTopics.VARIABLE, "v2");
        IngestConfig config = IngestConfig.from(Env.of(v2));
        assertThat(config.inputs().names())
                .containsExactly(
                        "reflect.checkins.v2", "reflect.journal.v2", "reflect.measures.v2", "reflect.sharing.v2");
        assertThat(config.withPort(0).inputs()).as("kept by the with-methods").isEqualTo(config.inputs());

        v2.put(InputTopics.VARIABLE, "two");
        assertThatThrownBy(() -> IngestConfig.from(Env.of(v2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(InputTopics.VARIABLE);
    }
}
