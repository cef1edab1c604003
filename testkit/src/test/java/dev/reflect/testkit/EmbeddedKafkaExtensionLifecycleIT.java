package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;

/**
 * What the extension does across test classes and at the end of a run, seen from outside: each
 * check runs sample classes in a JUnit run of its own, which gets its own shared cluster.
 */
class EmbeddedKafkaExtensionLifecycleIT {

    @Test
    void allClassesOfARunShareOneBrokerWhichStopsWhenTheRunEnds() {
        Run run = execute(
                Map.of(KafkaMode.PROPERTY, "embedded"),
                selectClass(ParameterSample.class),
                selectClass(FieldSample.class));

        assertThat(run.summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(run.summary.getTotalFailureCount()).isZero();
        assertThat(run.bootstraps)
                .hasSize(2)
                .containsOnly(run.bootstraps.get(0))
                .allMatch(b -> b.startsWith("127.0.0.1:"));
        int port = Integer.parseInt(run.bootstraps.get(0).substring("127.0.0.1:".length()));
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void testcontainersModeSkipsWithoutDockerAndUsesTheContainerWithIt() {
        Run run = execute(Map.of(KafkaMode.PROPERTY, "testcontainers"), selectClass(ParameterSample.class));

        assertThat(run.summary.getTotalFailureCount()).isZero();
        if (DockerClientFactory.instance().isDockerAvailable()) {
            assertThat(run.summary.getTestsSucceededCount()).isEqualTo(1);
            assertThat(run.bootstraps).hasSize(1);
        } else {
            assertThat(run.summary.getContainersSkippedCount()).isEqualTo(1);
            assertThat(run.summary.getTestsStartedCount()).isZero();
            assertThat(run.skipReasons)
                    .containsExactly("reflect.it.kafka=testcontainers, but no Docker engine is available");
        }
    }

    @Test
    void anUnknownModeFailsTheRunInsteadOfFallingBack() {
        Run run = execute(Map.of(KafkaMode.PROPERTY, "dockr"), selectClass(ParameterSample.class));

        assertThat(run.summary.getTestsSucceededCount()).isZero();
        assertThat(run.summary.getFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .hasMessageContaining("reflect.it.kafka must be one of: embedded, testcontainers"));
    }

    private static Run execute(Map<String, String> configuration, ClassSelector... classes) {
        Run run = new Run();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(classes)
                                .configurationParameters(configuration)
                                .build(),
                        run.listener,
                        run.recorder());
        run.summary = run.listener.getSummary();
        return run;
    }

    private static final class Run {
        final SummaryGeneratingListener listener = new SummaryGeneratingListener();
        final List<String> bootstraps = new CopyOnWriteArrayList<>();
        final List<String> skipReasons = new CopyOnWriteArrayList<>();
        TestExecutionSummary summary;

        TestExecutionListener recorder() {
            return new TestExecutionListener() {
                @Override
                public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
                    entry.getKeyValuePairs().forEach((key, value) -> {
                        if (key.equals("bootstrapServers")) {
                            bootstraps.add(value);
                        }
                    });
                }

                @Override
                public void executionSkipped(TestIdentifier testIdentifier, String reason) {
                    skipReasons.add(reason);
                }
            };
        }
    }

    /** Run only through {@link #execute}; Failsafe does not pick up nested classes. */
    @WithKafka
    static class ParameterSample {
        @Test
        void publishesItsCluster(KafkaCluster kafka, TestReporter reporter) {
            kafka.createTopics(1, "lifecycle-sample");
            reporter.publishEntry("bootstrapServers", kafka.bootstrapServers());
        }
    }

    /** Run only through {@link #execute}; Failsafe does not pick up nested classes. */
    @WithKafka
    static class FieldSample {
        KafkaCluster kafka;

        @Test
        void publishesItsCluster(TestReporter reporter) {
            reporter.publishEntry("bootstrapServers", kafka.bootstrapServers());
        }
    }
}
