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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
