package dev.reflect.testkit;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The round trip against the pinned {@code apache/kafka} image; skipped where Docker is missing. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(EmbeddedKafkaExtension.KAFKA_IMAGE));

    @Test
    void producesAndConsumesRecords() throws Exception {
        RoundTrip.assertRecordsRoundTrip(new ContainerCluster(kafka));
    }
}
