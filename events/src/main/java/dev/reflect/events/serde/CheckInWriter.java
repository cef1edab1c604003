package dev.reflect.events.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link CheckIn} as exactly the bytes {@link Json#mapper()} writes for it, field by
 * field through Jackson's generator (so strings are escaped the same way), without data binding.
 *
 * <p>Why: serializing each stored check-in through the mapper's reflective bean serializer and
 * {@link DateTimeFormatter} was about 30 % of the ingest HTTP threads' time in batch ingest. The
 * mapper stays the definition of the bytes; {@code CheckInWriterProperties} holds this writer to it
 * byte for byte, since the streams app and every reader downstream parse exactly these bytes.
 */
public final class CheckInWriter implements Serializer<CheckIn> {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    @Override
    public byte[] serialize(String topic, CheckIn checkIn) {
        return checkIn == null ? null : write(checkIn);
    }

    /** The JSON bytes of {@code checkIn}: record component order, its null fields left out (as {@code @JsonInclude(NON_NULL)}). */
    public static byte[] write(CheckIn checkIn) {
        byte[] direct = Direct.write(checkIn);
        return direct != null ? direct : writeWithGenerator(checkIn);
    }

    /** The same bytes through Jackson's generator: for what {@link Direct} leaves alone. */
    static byte[] writeWithGenerator(CheckIn checkIn) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartObject();
                if (checkIn.eventId() != null) {
                    g.writeStringField("eventId", checkIn.eventId().toString());
                }
                if (checkIn.occurredAt() != null) {
                    g.writeStringField("occurredAt", format(checkIn.occurredAt()));
                }
                if (checkIn.context() != null) {
                    g.writeStringField("context", checkIn.context().name());
                }
                g.writeNumberField("distress", checkIn.distress());
                g.writeArrayFieldStart("triggers");
                for (Trigger trigger : checkIn.triggers()) {
                    g.writeStartObject();
                    // Only CheckIn leaves nulls out; its parts write them.
                    g.writeStringField("category", trigger.category() == null ? null : trigger.category().name());
                    g.writeBooleanField("tiedToPast", trigger.tiedToPast());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("behaviors");
                for (Behavior behavior : checkIn.behaviors()) {
                    g.writeStartObject();
                    g.writeStringField("type", behavior.type() == null ? null : behavior.type().name());
                    g.writeNumberField("count", behavior.count());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("coping");
                for (CopingStrategy strategy : checkIn.coping()) {
                    if (strategy == null) {
                        g.writeNull();
                    } else {
                        g.writeString(strategy.name());
                    }
                }
                g.writeEndArray();
                if (checkIn.note() != null) {
                    g.writeStringField("note", checkIn.note());
                }
                if (checkIn.userId() != null) {
                    g.writeStringField("userId", checkIn.userId());
                }
                if (checkIn.receivedAt() != null) {
                    g.writeStringField("receivedAt", format(checkIn.receivedAt()));
                }
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * Writes the bytes straight into an array: every field but the note and the userId is ASCII
     * by construction, and those two are escaped as Jackson escapes by default (quote and
     * backslash; backspace, tab, newline, form feed and carriage return by their short escapes;
     * other control characters as six-character escapes with upper-case hex; everything else as
     * UTF-8). Null parts and surrogates make it give up (null): the generator writes those records.
     */
    static final class Direct {

        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

        private byte[] bytes;
        private int size;

        private Direct(int capacity) {
            bytes = new byte[capacity];
        }

        static byte[] write(CheckIn c) {
            if (c.eventId() == null || c.occurredAt() == null || c.context() == null) {
                return null;
            }
            Direct out = new Direct(320 + (c.note() == null ? 0 : 3 * c.note().length()));
            out.ascii("{\"eventId\":\"").ascii(c.eventId().toString())
                    .ascii("\",\"occurredAt\":\"").ascii(format(c.occurredAt()))
                    .ascii("\",\"context\":\"").ascii(c.context().name())
                    .ascii("\",\"distress\":").ascii(Integer.toString(c.distress()))
                    .ascii(",\"triggers\":[");
            for (int i = 0; i < c.triggers().size(); i++) {
                Trigger t = c.triggers().get(i);
                if (t.category() == null) {
                    return null;
                }
                out.ascii(i == 0 ? "{\"category\":\"" : ",{\"category\":\"").ascii(t.category().name())
                        .ascii(t.tiedToPast() ? "\",\"tiedToPast\":true}" : "\",\"tiedToPast\":false}");
            }
            out.ascii("],\"behaviors\":[");
            for (int i = 0; i < c.behaviors().size(); i++) {
                Behavior b = c.behaviors().get(i);
                if (b.type() == null) {
                    return null;
                }
                out.ascii(i == 0 ? "{\"type\":\"" : ",{\"type\":\"").ascii(b.type().name())
                        .ascii("\",\"count\":").ascii(Integer.toString(b.count())).ascii("}");
            }
            out.ascii("],\"coping\":[");
            for (int i = 0; i < c.coping().size(); i++) {
                CopingStrategy strategy = c.coping().get(i);
                if (strategy == null) {
                    return null;
                }
                out.ascii(i == 0 ? "\"" : ",\"").ascii(strategy.name()).ascii("\"");
            }
            out.ascii("]");
            if (c.note() != null && !out.ascii(",\"note\":\"").text(c.note())) {
                return null;
            }
            if (c.note() != null) {
                out.ascii("\"");
            }
            if (c.userId() != null && !out.ascii(",\"userId\":\"").text(c.userId())) {
                return null;
            }
            if (c.userId() != null) {
                out.ascii("\"");
            }
            if (c.receivedAt() != null) {
                out.ascii(",\"receivedAt\":\"").ascii(format(c.receivedAt())).ascii("\"");
            }
            out.ascii("}");
            return Arrays.copyOf(out.bytes, out.size);
        }

        /** Appends text known to be ASCII. */
        private Direct ascii(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
            return this;
        }

        /** Appends the inside of a JSON string; false if it holds a surrogate, which the generator judges. */
        private boolean text(String text) {
            int length = text.length();
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                ensure(6);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    bytes[size++] = (byte) c;
                } else if (c < 0x20 || c == '"' || c == '\\') {
                    escape(c);
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xc0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    return false;
                } else {
                    bytes[size++] = (byte) (0xe0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            return true;
        }

        private void escape(char c) {
            bytes[size++] = '\\';
            switch (c) {
                case '"' -> bytes[size++] = '"';
                case '\\' -> bytes[size++] = '\\';
                case '\b' -> bytes[size++] = 'b';
                case '\t' -> bytes[size++] = 't';
                case '\n' -> bytes[size++] = 'n';
                case '\f' -> bytes[size++] = 'f';
                case '\r' -> bytes[size++] = 'r';
                default -> {
                    bytes[size++] = 'u';
                    bytes[size++] = '0';
                    bytes[size++] = '0';
                    bytes[size++] = HEX[c >> 4];
                    bytes[size++] = HEX[c & 0xf];
                }
            }
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
