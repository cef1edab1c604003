package dev.reflect.streams.app;

import dev.reflect.events.CheckIn;
import dev.reflect.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes stored events to the input topics as the ingest service does: key = userId, the registry's serdes. */
final class TestInput {

    private TestInput() {
    }

    static void checkIns(String bootstrapServers, List<CheckIn> checkIns) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, CheckIn> producer = new KafkaProducer<>(config,
                Topics.CHECKINS.keySerde().serializer(), Topics.CHECKINS.valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = checkIns.stream()
                    .map(checkIn -> producer.send(new ProducerRecord<>(Topics.CHECKINS.name(), checkIn.userId(), checkIn)))
                    .toList();
            for (Future<RecordMetadata> write : sent) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A test record was not written", e.getCause());
        }
    }
}
