package dev.reflect.testkit;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.testcontainers.DockerClientFactory;

/**
 * Gives integration tests one real Kafka cluster per test JVM, started by the first test that
 * needs it and stopped (its temporary data directory deleted) when the JVM's test run ends.
 *
 * <pre>{@code
 * @WithKafka
 * class CheckInIngestIT {
 *     KafkaCluster kafka;                       // injected into instance fields of this type
 *
 *     @Test
 *     void accepted(KafkaCluster kafka) { ... } // or as a parameter (also of @BeforeAll, constructors)
 * }
 * }</pre>
 *
 * <p>By default the cluster is an {@code EmbeddedKafkaBroker} in this JVM. With
 * {@code -Dreflect.it.kafka=testcontainers} (a system property or JUnit configuration parameter)
 * the same tests run against the {@value #KAFKA_IMAGE} image instead; where no Docker engine is
 * reachable, the tests of such a run are skipped, not failed.
 *
 * <p>The cluster is shared: tests use their own topic names or user ids, and must not stop it.
 * A fault test that stops and restarts Kafka constructs its own dedicated
 * {@code EmbeddedKafkaBroker} on a {@code @TempDir} with port 0.
 *
 * <p>The broker logs through SLF4J into the test's own logging setup; a {@code logback-test.xml}
 * with the root logger at WARN keeps Kafka's server and client INFO chatter out of test output.
 */
public final class EmbeddedKafkaExtension implements ExecutionCondition, TestInstancePostProcessor, ParameterResolver {

    /** Pinned so that runs are reproducible; the 4.x clients speak to any broker from 2.1 on. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    private static final Namespace NAMESPACE = Namespace.create(EmbeddedKafkaExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (mode(context) == KafkaMode.TESTCONTAINERS
                && !DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.disabled(
                    KafkaMode.PROPERTY + "=testcontainers, but no Docker engine is available");
        }
        return ConditionEvaluationResult.enabled("Kafka mode " + mode(context));
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        for (Field field : ReflectionSupport.findFields(
                testInstance.getClass(),
                field -> field.getType() == KafkaCluster.class && ModifierSupport.isNotStatic(field),
                HierarchyTraversalMode.TOP_DOWN)) {
            field.setAccessible(true);
            field.set(testInstance, cluster(context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    private static KafkaMode mode(ExtensionContext context) {
        return KafkaMode.from(context.getConfigurationParameter(KafkaMode.PROPERTY));
    }

    /**
     * The root store outlives every test class of the run and closes its {@link AutoCloseable}
     * values at the very end, which gives "one cluster per JVM" without a static field.
     */
    private static KafkaCluster cluster(ExtensionContext context) {
        KafkaMode mode = mode(context);
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        mode,
                        key -> key == KafkaMode.TESTCONTAINERS ? ContainerCluster.start() : EmbeddedCluster.start(),
                        KafkaCluster.class);
    }
}
