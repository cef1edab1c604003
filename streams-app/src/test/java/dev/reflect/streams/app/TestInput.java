package dev.reflect.streams.app;

import dev.reflect.events.CheckIn;
import dev.reflect.events.Measure;
import dev.reflect.events.Topics;
import dev.reflect.testkit.TestRecords;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes stored events to the input topics as the ingest service does: key = userId, the registry's serdes. */
final class TestInput {

    private TestInput() {}

    static void checkIns(String bootstrapServers, List<CheckIn> checkIns) {
        TestRecords.produceAll(
                bootstrapServers,
                Topics.CHECKINS.keySerde().serializer(),
                Topics.CHECKINS.valueSerde().serializer(),
                checkIns.stream()
                        .map(checkIn -> new ProducerRecord<>(Topics.CHECKINS.name(), checkIn.userId(), checkIn))
                        .toList());
    }

    static void measures(String bootstrapServers, List<Measure> answers) {
        TestRecords.produceAll(
                bootstrapServers,
                Topics.MEASURES.keySerde().serializer(),
                Topics.MEASURES.valueSerde().serializer(),
                answers.stream()
                        .map(answer -> new ProducerRecord<>(Topics.MEASURES.name(), answer.userId(), answer))
                        .toList());
    }
}
