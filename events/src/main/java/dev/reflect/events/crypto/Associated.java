package dev.reflect.events.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Associated data for AEAD: a context label and the parts a ciphertext is bound to, each written
 * with its length in front, so no two different lists of parts give the same bytes (a userId may
 * hold any character).
 */
final class Associated {

    private Associated() {}

    static byte[] context(String label) {
        return label.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] of(byte[] context, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeWithLength(out, context);
        for (String part : parts) {
            writeWithLength(out, part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void writeWithLength(ByteArrayOutputStream out, byte[] bytes) {
        int length = bytes.length;
        while ((length & ~0x7F) != 0) {
            out.write((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(bytes);
    }
}
