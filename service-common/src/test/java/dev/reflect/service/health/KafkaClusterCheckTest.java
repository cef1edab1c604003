package dev.reflect.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaClusterCheckTest {

    @Test
    void aRefusedLoginOrHandshakeIsNotCalledUnreachableAndNamesTheSettingsToCheck() {
        assertThat(KafkaClusterCheck.explain(new SaslAuthenticationException("invalid credentials")))
                .startsWith("Kafka refused this service's credentials")
                .contains("REFLECT_KAFKA_SASL_JAAS_CONFIG");
        assertThat(KafkaClusterCheck.explain(new SslAuthenticationException("SSL handshake failed")))
                .startsWith("The TLS handshake with Kafka failed")
                .contains("REFLECT_KAFKA_SSL_TRUSTSTORE_LOCATION");
        assertThat(KafkaClusterCheck.explain(new ClusterAuthorizationException("denied")))
                .contains("ACLs");
        assertThat(KafkaClusterCheck.explain(new TimeoutException("timed out"))).isEqualTo("Kafka is not reachable");
    }
}
