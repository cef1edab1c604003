package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithKafka
class TestRecordsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    KafkaCluster kafka;
    Topic<String, String> topic;

    @BeforeEach
    void createTopic() {
        topic = new Topic<>("testkit-records-" + UUID.randomUUID(), Serdes.String(), Serdes.String());
        kafka.createTopics(2, topic.name());
    }

    @Test
    void everyCallReadsFromTheBeginningAsANewGroup() throws Exception {
        send(new ProducerRecord<>(topic.name(), "u-1", "first"), new ProducerRecord<>(topic.name(), "u-2", "second"));

        List<ConsumerRecord<String, String>> once = TestRecords.consumeAll(kafka.bootstrapServers(), topic, 2, TIMEOUT);
        List<ConsumerRecord<String, String>> again =
                TestRecords.consumeAll(kafka.bootstrapServers(), topic, 2, TIMEOUT);

        assertThat(once).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("first", "second");
        assertThat(again).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void failsWithTheCountsWhenTooFewRecordsArrive() throws Exception {
        send(new ProducerRecord<>(topic.name(), "u-1", "only"));

        // Long enough for a consumer to join its group and fetch on a loaded machine (2 s was not in CI).
        assertThatThrownBy(() -> TestRecords.consumeAll(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected at least 2 records on " + topic.name() + " within PT10S, got 1");
    }

    @Test
    void skipsRecordsOfAbortedTransactions() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "testkit-" + UUID.randomUUID()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            var unusedAborted = producer.send(new ProducerRecord<>(topic.name(), "u-1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            var unusedCommitted = producer.send(new ProducerRecord<>(topic.name(), "u-1", "committed"));
            producer.commitTransaction();
        }

        assertThat(TestRecords.consumeAll(kafka.bootstrapServers(), topic, 1, TIMEOUT))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed");
    }

    @SafeVarargs
    private void send(ProducerRecord<String, String>... records) throws Exception {
        try (KafkaProducer<String, String> producer = RoundTrip.producer(kafka.bootstrapServers())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
