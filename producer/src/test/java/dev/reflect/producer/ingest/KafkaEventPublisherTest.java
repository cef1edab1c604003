package dev.reflect.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    @Test
    void theProducerIsDurableAndBoundedByTheWriteTimeout() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of(
                "REFLECT_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "REFLECT_KAFKA_ACKS", "1",
                "REFLECT_KAFKA_ENABLE_IDEMPOTENCE", "false")));

        Map<String, Object> config = KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(5));

        assertThat(config)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.block.ms", "5000")
                .containsEntry("delivery.timeout.ms", "5000")
                .containsEntry("request.timeout.ms", "4995")
                .containsEntry("bootstrap.servers", "127.0.0.1:1");
        // Kafka validates the settings (types, delivery.timeout >= linger + request.timeout) on construction.
        new KafkaProducer<byte[], byte[]>(config).close(Duration.ZERO);
    }

    @Test
    void aLingerThatLeavesNoRoomForTheBrokerIsAStartupError() {
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.of(Map.of("REFLECT_KAFKA_LINGER_MS", "4800")));

        assertThatThrownBy(() -> KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_KAFKA_LINGER_MS");
        assertThat(KafkaEventPublisher.producerConfig(kafka, Duration.ofSeconds(10))).containsEntry("linger.ms", "4800");
    }
}
