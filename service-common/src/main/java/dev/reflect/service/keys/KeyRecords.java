package dev.reflect.service.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The records of {@code reflect.keys.v1}: one per data key.
 *
 * <p>Key: the key id (4 bytes, big-endian), then the owner's userId in UTF-8; a person's keys are
 * thus separate records, so two instances that made a key for the same person at the same moment
 * both keep theirs, and compaction never drops a key a text still needs. Value: JSON
 * {@code {"createdAt":…,"wrapped":"<base64>"}}, the Tink keyset encrypted under the
 * key-encryption key and bound to the userId. A tombstone (null value) destroys the key.
 */
public final class KeyRecords {

    /** What a value holds. */
    public record Stored(Instant createdAt, byte[] wrapped) {}

    /** A key record's key, taken apart. */
    public record Id(String userId, long keyId) {}

    private static final ObjectMapper MAPPER = Json.mapper();

    private KeyRecords() {}

    public static byte[] key(String userId, long keyId) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + user.length)
                .putInt((int) keyId)
                .put(user)
                .array();
    }

    /** The owner and key id of a record key, or null for bytes that are not one. */
    public static Id id(byte[] key) {
        if (key == null || key.length < 5) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(key);
        long keyId = Integer.toUnsignedLong(buffer.getInt());
        return new Id(new String(key, 4, key.length - 4, StandardCharsets.UTF_8), keyId);
    }

    public static byte[] value(Stored stored) {
        try {
            return MAPPER.writeValueAsBytes(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored key, or null for a value that is not one. */
    public static Stored stored(byte[] value) {
        try {
            Stored stored = MAPPER.readValue(value, Stored.class);
            return stored == null || stored.createdAt() == null || stored.wrapped() == null ? null : stored;
        } catch (IOException e) {
            return null;
        }
    }
}
