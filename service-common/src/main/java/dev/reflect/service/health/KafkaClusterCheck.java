package dev.reflect.service.health;

import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.log.SafeThrowables;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka is reachable when a {@code describeCluster} call lists at least one broker within the
 * bound. One long-lived admin client does the checks: it reconnects by itself when the cluster
 * comes back, and creating a client per probe would cost a metadata round trip each time.
 */
public final class KafkaClusterCheck implements ReadinessCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterCheck.class);

    private final Admin admin;
    private final Duration bound;
    private volatile Boolean lastAnswer;

    public KafkaClusterCheck(KafkaClientConfig kafka, Duration bound) {
        int millis = (int) bound.toMillis();
        this.admin = Admin.create(kafka.configure(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "reflect-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)));
        this.bound = bound;
    }

    @Override
    public boolean isReady() {
        boolean ready;
        try {
            ready = !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) bound.toMillis()))
                    .nodes()
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        } catch (ExecutionException | TimeoutException e) {
            ready = false;
            if (!Boolean.FALSE.equals(lastAnswer)) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                log.warn("{}: {}", explain(cause), SafeThrowables.describe(cause));
            }
        }
        if (lastAnswer == null || lastAnswer != ready) {
            log.info("Kafka readiness: {}", ready ? "reachable" : "unreachable");
        }
        lastAnswer = ready;
        return ready;
    }

    /**
     * What an operator should look at. A refused login or TLS handshake is not an unreachable
     * cluster, and the settings to check are different. Never the settings' values: they are secrets.
     */
    public static String explain(Throwable cause) {
        if (cause instanceof SaslAuthenticationException) {
            return "Kafka refused this service's credentials (SASL authentication failed): check the user and "
                    + "password in REFLECT_KAFKA_SASL_JAAS_CONFIG and REFLECT_KAFKA_SASL_MECHANISM";
        }
        if (cause instanceof SslAuthenticationException) {
            return "The TLS handshake with Kafka failed: check that REFLECT_KAFKA_SSL_TRUSTSTORE_LOCATION holds the "
                    + "authority that signed the brokers' certificates, and that they name the bootstrap address";
        }
        if (cause instanceof AuthorizationException) {
            return "Kafka denied this service an operation: check its ACLs";
        }
        return "Kafka is not reachable";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
