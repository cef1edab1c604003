package dev.reflect.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a person's events belong: the partition Java's default partitioner (murmur2 of the key's
 * UTF-8 bytes, positive, modulo the partition count) puts their userId in. Kafka Streams keeps a
 * store partition per input partition and finds a key's owner for queries the same way, so an
 * event counted anywhere else would start a second, partial state for the person (contract
 * section 4a: librdkafka's default partitioner, used by kcat and confluent-kafka, hashes with
 * CRC32 instead).
 */
public final class InputPartitioning {

    private final int partitions;

    /** @param partitions the input topics' partition count (they must all have the same) */
    public InputPartitioning(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** The partition a record keyed by these bytes belongs in. */
    public int partitionOf(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    public int partitionOf(String userId) {
        return partitionOf(userId.getBytes(StandardCharsets.UTF_8));
    }
}
