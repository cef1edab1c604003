package dev.reflect.streams.state;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The start of a composite store key: an id's UTF-8 length as a varint, then the id. Every key
 * that starts with one id shares this prefix, so its rows are one prefix scan, and the length in
 * front keeps one id from being the prefix of another's.
 */
final class KeyPrefix {

    private KeyPrefix() {}

    static byte[] of(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(bytes.length + 2);
        int length = bytes.length;
        while ((length & ~0x7F) != 0) {
            prefix.write((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        prefix.write(length);
        prefix.writeBytes(bytes);
        return prefix.toByteArray();
    }
}
