package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class KafkaModeTest {

    @Test
    void theEmbeddedBrokerIsTheDefault() {
        assertThat(KafkaMode.from(Optional.empty())).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(KafkaMode.from(Optional.of(" "))).isEqualTo(KafkaMode.EMBEDDED);
    }

    @Test
    void namesAreReadWhateverTheirCase() {
        assertThat(KafkaMode.from(Optional.of("testcontainers"))).isEqualTo(KafkaMode.TESTCONTAINERS);
        assertThat(KafkaMode.from(Optional.of(" Embedded "))).isEqualTo(KafkaMode.EMBEDDED);
    }

    @Test
    void anUnknownNameFailsAndListsTheKnownOnes() {
        assertThatThrownBy(() -> KafkaMode.from(Optional.of("docker")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("reflect.it.kafka must be one of: embedded, testcontainers");
    }
}
