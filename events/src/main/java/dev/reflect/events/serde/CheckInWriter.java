package dev.reflect.events.serde;

import dev.reflect.events.Behavior;
import dev.reflect.events.CheckIn;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Json;
import dev.reflect.events.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link CheckIn} as exactly the bytes {@link Json#mapper()} writes for it, straight into
 * a byte array (strings escaped as Jackson escapes them), without data binding. Records it cannot
 * write that way (null parts, surrogates) go through the mapper itself.
 *
 * <p>Why: serializing each stored check-in through the mapper's reflective bean serializer and
 * {@link DateTimeFormatter} was about 30 % of the ingest HTTP threads' time in batch ingest. The
 * mapper stays the definition of the bytes; {@code CheckInWriterProperties} holds this writer to it
 * byte for byte, since the streams app and every reader downstream parse exactly these bytes.
 *
 * <p>A second hand-written path, each field through Jackson's generator, was dropped: on its own
 * micro-benchmark it was no faster than the mapper (BENCHMARKS.md, "Micro-benchmarks").
 */
public final class CheckInWriter implements Serializer<CheckIn> {

    @Override
    public byte[] serialize(String topic, CheckIn checkIn) {
        return checkIn == null ? null : write(checkIn);
    }

    /** The JSON bytes of {@code checkIn}: record component order, its null fields left out (as {@code @JsonInclude(NON_NULL)}). */
    public static byte[] write(CheckIn checkIn) {
        byte[] direct = Direct.write(checkIn);
        return direct != null ? direct : withMapper(checkIn);
    }

    /**
     * The reference: the mapper's data binding, for the records {@link Direct} leaves alone (null
     * parts, surrogates), which a stored check-in from the ingest service never has.
     */
    static byte[] withMapper(CheckIn checkIn) {
        try {
            return Json.mapper().writeValueAsBytes(checkIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the bytes straight into an array: every field but the note and the userId is ASCII
     * by construction, and those two are escaped as Jackson escapes by default (quote and
     * backslash; backspace, tab, newline, form feed and carriage return by their short escapes;
     * other control characters as six-character escapes with upper-case hex; everything else as
     * UTF-8). Null parts and surrogates make it give up (null): the mapper writes those records.
     */
    static final class Direct {

        private static final byte[] HEX = bytesOf("0123456789ABCDEF");
        private static final byte[] EVENT_ID = bytesOf("{\"eventId\":\"");
        private static final byte[] OCCURRED_AT = bytesOf("\",\"occurredAt\":\"");
        private static final byte[] CONTEXT = bytesOf(",\"context\":\"");
        private static final byte[] DISTRESS = bytesOf("\",\"distress\":");
        private static final byte[] TRIGGERS = bytesOf(",\"triggers\":[");
        private static final byte[] CATEGORY = bytesOf("{\"category\":\"");
        private static final byte[] TIED = bytesOf("\",\"tiedToPast\":true}");
        private static final byte[] NOT_TIED = bytesOf("\",\"tiedToPast\":false}");
        private static final byte[] BEHAVIORS = bytesOf("],\"behaviors\":[");
        private static final byte[] TYPE = bytesOf("{\"type\":\"");
        private static final byte[] COUNT = bytesOf("\",\"count\":");
        private static final byte[] COPING = bytesOf("],\"coping\":[");
        private static final byte[] NOTE = bytesOf(",\"note\":\"");
        private static final byte[] USER_ID = bytesOf(",\"userId\":\"");
        private static final byte[] RECEIVED_AT = bytesOf(",\"receivedAt\":\"");
        private static final byte[] SEALED = bytesOf(",\"sealed\":{");

        private byte[] bytes;
        private int size;

        private Direct(int capacity) {
            bytes = new byte[capacity];
        }

        static byte[] write(CheckIn c) {
            if (c.eventId() == null || c.occurredAt() == null || c.context() == null) {
                return null;
            }
            Direct out = new Direct(400 + (c.note() == null ? 0 : 3 * c.note().length()));
            out.raw(EVENT_ID).ascii(c.eventId().toString());
            out.raw(OCCURRED_AT).time(c.occurredAt());
            out.raw(CONTEXT).ascii(c.context().name());
            out.raw(DISTRESS).ascii(Integer.toString(c.distress()));
            out.raw(TRIGGERS);
            for (int i = 0; i < c.triggers().size(); i++) {
                Trigger t = c.triggers().get(i);
                if (t.category() == null) {
                    return null;
                }
                out.comma(i).raw(CATEGORY).ascii(t.category().name()).raw(t.tiedToPast() ? TIED : NOT_TIED);
            }
            out.raw(BEHAVIORS);
            for (int i = 0; i < c.behaviors().size(); i++) {
                Behavior b = c.behaviors().get(i);
                if (b.type() == null) {
                    return null;
                }
                out.comma(i)
                        .raw(TYPE)
                        .ascii(b.type().name())
                        .raw(COUNT)
                        .ascii(Integer.toString(b.count()))
                        .ascii("}");
            }
            out.raw(COPING);
            for (int i = 0; i < c.coping().size(); i++) {
                CopingStrategy strategy = c.coping().get(i);
                if (strategy == null) {
                    return null;
                }
                out.comma(i).ascii("\"").ascii(strategy.name()).ascii("\"");
            }
            out.ascii("]");
            if (c.note() != null && !out.raw(NOTE).text(c.note())) {
                return null;
            }
            if (c.userId() != null && !out.raw(USER_ID).text(c.userId())) {
                return null;
            }
            if (c.receivedAt() != null) {
                out.raw(RECEIVED_AT).time(c.receivedAt());
            }
            if (c.sealed() != null && !out.sealed(c.sealed())) {
                return null;
            }
            out.ascii("}");
            return Arrays.copyOf(out.bytes, out.size);
        }

        /** {@code ,"sealed":{"path":"base64url",…}}; false when a path or value is not plain ASCII, which the mapper judges. */
        private boolean sealed(Map<String, String> sealed) {
            raw(SEALED);
            int i = 0;
            for (Map.Entry<String, String> text : sealed.entrySet()) {
                if (!plainAscii(text.getKey()) || !plainAscii(text.getValue())) {
                    return false;
                }
                comma(i++)
                        .ascii("\"")
                        .ascii(text.getKey())
                        .ascii("\":\"")
                        .ascii(text.getValue())
                        .ascii("\"");
            }
            ascii("}");
            return true;
        }

        /** Printable ASCII that JSON writes as it is: no quote, backslash or control character. */
        private static boolean plainAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        private static byte[] bytesOf(String ascii) {
            return ascii.getBytes(StandardCharsets.US_ASCII);
        }

        private Direct raw(byte[] ascii) {
            ensure(ascii.length);
            System.arraycopy(ascii, 0, bytes, size, ascii.length);
            size += ascii.length;
            return this;
        }

        private Direct comma(int index) {
            if (index > 0) {
                ensure(1);
                bytes[size++] = ',';
            }
            return this;
        }

        /** Appends text known to be ASCII. */
        @SuppressWarnings("deprecation") // exactly what is wanted: the low byte of each char, copied in one go
        private Direct ascii(String text) {
            int length = text.length();
            ensure(length);
            text.getBytes(0, length, bytes, size);
            size += length;
            return this;
        }

        /** The inside of a JSON string and its closing quote; false if it holds a surrogate, which the mapper judges. */
        private boolean text(String text) {
            int length = text.length();
            ensure(6 * length + 1);
            byte[] b = bytes;
            int at = size;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                } else if (c < 0x20 || c == '"' || c == '\\') {
                    b[at++] = '\\';
                    switch (c) {
                        case '"' -> b[at++] = '"';
                        case '\\' -> b[at++] = '\\';
                        case '\b' -> b[at++] = 'b';
                        case '\t' -> b[at++] = 't';
                        case '\n' -> b[at++] = 'n';
                        case '\f' -> b[at++] = 'f';
                        case '\r' -> b[at++] = 'r';
                        default -> {
                            b[at++] = 'u';
                            b[at++] = '0';
                            b[at++] = '0';
                            b[at++] = HEX[c >> 4];
                            b[at++] = HEX[c & 0xf];
                        }
                    }
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xc0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    return false;
                } else {
                    b[at++] = (byte) (0xe0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            b[at++] = '"';
            size = at;
            return true;
        }

        /** As {@link CheckInWriter#format(OffsetDateTime)}, with the closing quote. */
        private void time(OffsetDateTime time) {
            int offset = time.getOffset().getTotalSeconds();
            if (time.getYear() < 0 || time.getYear() > 9999 || offset % 60 != 0) {
                ascii(format(time)).ascii("\"");
                return;
            }
            dateTime(
                    time.getYear(),
                    time.getMonthValue(),
                    time.getDayOfMonth(),
                    time.getHour(),
                    time.getMinute(),
                    time.getSecond());
            int nanos = time.getNano();
            if (nanos > 0) {
                int digits = 9;
                while (nanos % 10 == 0) {
                    nanos /= 10;
                    digits--;
                }
                bytes[size++] = '.';
                digits(nanos, digits);
            }
            if (offset == 0) {
                bytes[size++] = 'Z';
            } else {
                bytes[size++] = (byte) (offset < 0 ? '-' : '+');
                int minutes = Math.abs(offset) / 60;
                digits(minutes / 60, 2);
                bytes[size++] = ':';
                digits(minutes % 60, 2);
            }
            bytes[size++] = '"';
        }

        /** As {@link CheckInWriter#format(Instant)}, with the closing quote. */
        private void time(Instant instant) {
            LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
            if (utc.getYear() < 0 || utc.getYear() > 9999) {
                ascii(format(instant)).ascii("\"");
                return;
            }
            dateTime(
                    utc.getYear(),
                    utc.getMonthValue(),
                    utc.getDayOfMonth(),
                    utc.getHour(),
                    utc.getMinute(),
                    utc.getSecond());
            int nanos = instant.getNano();
            if (nanos > 0) {
                bytes[size++] = '.';
                if (nanos % 1_000_000 == 0) {
                    digits(nanos / 1_000_000, 3);
                } else if (nanos % 1_000 == 0) {
                    digits(nanos / 1_000, 6);
                } else {
                    digits(nanos, 9);
                }
            }
            bytes[size++] = 'Z';
            bytes[size++] = '"';
        }

        /** {@code yyyy-MM-ddTHH:mm:ss}, and room for what follows it (fraction, offset, quote). */
        private void dateTime(int year, int month, int day, int hour, int minute, int second) {
            ensure(40);
            digits(year, 4);
            bytes[size++] = '-';
            digits(month, 2);
            bytes[size++] = '-';
            digits(day, 2);
            bytes[size++] = 'T';
            digits(hour, 2);
            bytes[size++] = ':';
            digits(minute, 2);
            bytes[size++] = ':';
            digits(second, 2);
        }

        /** {@code value} (not negative) in exactly {@code width} digits, zero-padded; room must be ensured. */
        private void digits(int value, int width) {
            for (int i = size + width - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += width;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /**
     * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, as the mapper writes an {@link OffsetDateTime}:
     * seconds always, the fraction with trailing zeros dropped, {@code Z} for UTC. Years outside
     * 0..9999 and offsets with seconds are left to the formatter itself.
     */
    // getNano() is the fraction alone, which is what is written here: appendDateTime wrote the seconds.
    @SuppressWarnings("JavaLocalDateTimeGetNano")
    static String format(OffsetDateTime time) {
        ZoneOffset offset = time.getOffset();
        LocalDateTime local = time.toLocalDateTime();
        if (local.getYear() < 0 || local.getYear() > 9999 || offset.getTotalSeconds() % 60 != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
        }
        StringBuilder s = new StringBuilder(35);
        appendDateTime(s, local);
        int nanos = local.getNano();
        if (nanos > 0) {
            s.append('.');
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(s, nanos, digits);
        }
        int total = offset.getTotalSeconds();
        if (total == 0) {
            s.append('Z');
        } else {
            s.append(total < 0 ? '-' : '+');
            int minutes = Math.abs(total) / 60;
            pad(s, minutes / 60, 2);
            s.append(':');
            pad(s, minutes % 60, 2);
        }
        return s.toString();
    }

    /**
     * {@link DateTimeFormatter#ISO_INSTANT}, as the mapper writes an {@link Instant}: UTC, seconds
     * always, the fraction in groups of three digits as needed. Years outside 0..9999 go to the formatter.
     */
    static String format(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        StringBuilder s = new StringBuilder(30);
        appendDateTime(s, utc);
        int nanos = instant.getNano();
        if (nanos > 0) {
            s.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(s, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(s, nanos / 1_000, 6);
            } else {
                pad(s, nanos, 9);
            }
        }
        return s.append('Z').toString();
    }

    private static void appendDateTime(StringBuilder s, LocalDateTime t) {
        pad(s, t.getYear(), 4);
        s.append('-');
        pad(s, t.getMonthValue(), 2);
        s.append('-');
        pad(s, t.getDayOfMonth(), 2);
        s.append('T');
        pad(s, t.getHour(), 2);
        s.append(':');
        pad(s, t.getMinute(), 2);
        s.append(':');
        pad(s, t.getSecond(), 2);
    }

    private static void pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        s.append(digits);
    }
}
