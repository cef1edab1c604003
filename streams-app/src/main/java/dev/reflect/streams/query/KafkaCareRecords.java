package dev.reflect.streams.query;

import dev.reflect.events.AuditRecord;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link CareRecords} through an idempotent {@code acks=all} producer, keyed by the person's userId
 * with Java's default partitioner: the partition their state lives in.
 */
public final class KafkaCareRecords implements CareRecords, AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final Clock clock;
    /** The topics these records go to: the streams app's principal needs WRITE on them. */
    public static final List<Topic<String, ?>> TOPICS = List.of(Topics.AUDIT, Topics.SHARING);

    private final Serializer<AuditRecord> auditWriter =
            Topics.AUDIT.valueSerde().serializer();
    private final Serializer<SharingChange> sharingWriter =
            Topics.SHARING.valueSerde().serializer();
    private final String sharing;

    KafkaCareRecords(Producer<String, byte[]> producer, Clock clock, Topic<String, SharingChange> sharing) {
        this.producer = producer;
        this.clock = clock;
        this.sharing = sharing.name();
    }

    /**
     * @param clientConfig the service's Kafka client settings (bootstrap servers, security)
     * @param sharing      the sharing topic of the input version the app reads: "alerts seen" marks
     *                     must reach the copy of the state that counts them
     */
    public static KafkaCareRecords create(
            Map<String, Object> clientConfig, String clientId, Topic<String, SharingChange> sharing) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A read waits for its audit record: fail it within seconds, not the default two minutes.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        KafkaCareRecords records = new KafkaCareRecords(
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                Clock.systemUTC(),
                sharing);
        records.warmUp();
        return records;
    }

    /**
     * Fetches the topics' metadata in the background, so that the first audited read does not
     * spend its few seconds on it; a failure here only means the first read pays for it.
     */
    private void warmUp() {
        Thread warmUp = new Thread(
                () -> {
                    try {
                        var unusedAudit = producer.partitionsFor(Topics.AUDIT.name());
                        var unusedSharing = producer.partitionsFor(sharing);
                    } catch (RuntimeException e) {
                        // The first read fetches the metadata itself, and says so if it cannot.
                    }
                },
                "care-records-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public CompletableFuture<Void> audit(List<AuditRecord> records) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(records.size());
        for (AuditRecord record : records) {
            sent.add(send(new ProducerRecord<>(
                    Topics.AUDIT.name(), record.userId(), auditWriter.serialize(Topics.AUDIT.name(), record))));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> alertsSeen(String userId, String clinicianId) {
        Instant now = clock.instant();
        SharingChange seen = new SharingChange(
                UUID.randomUUID(),
                now.atOffset(ZoneOffset.UTC),
                clinicianId,
                SharingChange.Action.ALERTS_SEEN,
                userId,
                now);
        return send(new ProducerRecord<>(sharing, userId, sharingWriter.serialize(sharing, seen)));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            var unused = producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
