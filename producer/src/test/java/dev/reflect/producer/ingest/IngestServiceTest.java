package dev.reflect.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.FieldError;
import dev.reflect.events.InputTopics;
import dev.reflect.events.Topic;
import dev.reflect.events.crypto.LocalDataKeys;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.ValidationMessages;
import dev.reflect.producer.support.Bodies;
import dev.reflect.service.http.InvalidRequestException;
import dev.reflect.service.http.ServiceUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final List<Object> sent = new ArrayList<>();

    private double count(String type, String outcome) {
        return registry.get(IngestMetrics.NAME)
                .tag("type", type)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private final List<CompletableFuture<Void>> handedOut = new ArrayList<>();

    /** A publisher that never hears back from Kafka, on a clock where each publish takes the whole bound. */
    private final EventPublisher neverAcknowledged = new EventPublisher() {
        @Override
        public <V> CompletableFuture<Void> publish(Topic<String, V> topic, String key, V value) {
            sent.add(value);
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            CompletableFuture<Void> write = new CompletableFuture<>();
            handedOut.add(write);
            return write;
        }
    };

    private IngestService service(EventPublisher publisher) {
        return new IngestService(
                new EventParser(Clock.systemUTC()),
                new TextSealer(new LocalDataKeys()),
                publisher,
                new IngestMetrics(registry),
                Clock.systemUTC(),
                Duration.ofSeconds(5),
                nanos::get,
                InputTopics.V1);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesPendingAtTheDeadlineAreGivenUpSoTheyAreNotSentLate() {
        String batch = Bodies.batch(
                Bodies.checkIn(UUID.randomUUID()),
                Bodies.checkIn(UUID.randomUUID()),
                Bodies.checkIn(UUID.randomUUID()));

        CompletableFuture<BatchResult> result = service(neverAcknowledged).submitCheckInBatch("u-1", bytes(batch));

        assertThatThrownBy(result::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ServiceUnavailableException.class);
        assertThat(sent).hasSize(3);
        // The default publishAll hands the give-up to each write from the thread that gave up,
        // which may still be doing so when the 503 is already out; a publisher that checks
        // Publication.isDone() (as KafkaEventPublisher does) sees it before the answer.
        await().untilAsserted(() ->
                assertThat(handedOut).allSatisfy(write -> assertThat(write).isCompletedExceptionally()));
        assertThat(count("checkin", "failed")).isEqualTo(3);
        assertThat(count("checkin", "accepted")).isZero();
    }

    @Test
    void rejectedEventsAreCountedAndNeverSent() {
        assertThatThrownBy(() -> service(neverAcknowledged).submitCheckIn("u-1", bytes("{\"distress\": 3}")))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors()).isNotEmpty());
        assertThatThrownBy(() -> service(neverAcknowledged).submitJournalEntry("u-1", bytes("not json")))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(sent).isEmpty();
        assertThat(count("checkin", "rejected")).isEqualTo(1);
        assertThat(count("journal", "rejected")).isEqualTo(1);
    }

    @Test
    void aBatchEnvelopeProblemRejectsTheWholeRequest() {
        assertThatThrownBy(() -> service(neverAcknowledged).submitCheckInBatch("u-1", bytes("{\"checkIns\": []}")))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("checkIns");
                            assertThat(error.message()).isEqualTo("must contain at least 1 item");
                        }));
        assertThatThrownBy(() ->
                        service(neverAcknowledged).submitCheckInBatch("u-1", bytes("{\"checkIns\": {}, \"extra\": 1}")))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors())
                                .extracting(error -> error.field())
                                .containsExactly("extra", "checkIns"));
    }

    @Test
    void aRepeatedKeyAnywhereInABatchMakesTheWholeBodyNotJson() {
        String item = Bodies.checkIn(UUID.randomUUID());
        String repeatedInItem = item.replaceFirst("\\{", "{\"distress\": 3, ");
        for (String body : List.of(
                Bodies.batch(item, repeatedInItem), "{\"checkIns\": [" + item + "], \"checkIns\": [" + item + "]}")) {
            assertThatThrownBy(() -> service(neverAcknowledged).submitCheckInBatch("u-1", bytes(body)))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(new FieldError("", ValidationMessages.NOT_JSON)));
        }
    }

    @Test
    void onlyCanonicalUuidsAreEchoedForRejectedItems() {
        com.fasterxml.jackson.databind.node.ObjectNode item =
                dev.reflect.events.Json.mapper().createObjectNode();

        item.put("eventId", "1-2-3-4-5");
        assertThat(BatchEnvelope.eventIdOf(item)).isNull();
        item.put("eventId", "0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d");
        assertThat(BatchEnvelope.eventIdOf(item)).isEqualTo(UUID.fromString("0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d"));
        item.put("eventId", 12);
        assertThat(BatchEnvelope.eventIdOf(item)).isNull();
    }
}
