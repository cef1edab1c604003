package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@WithKafka
class EmbeddedKafkaExtensionIT {

    KafkaCluster injectedField;

    @Test
    void injectsTheSameClusterIntoFieldsAndParameters(KafkaCluster parameter) {
        assertThat(injectedField).isNotNull().isSameAs(parameter);
        assertThat(parameter.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void recordsRoundTripThroughTheSharedCluster(KafkaCluster kafka) throws Exception {
        RoundTrip.assertRecordsRoundTrip(kafka);
    }
}
