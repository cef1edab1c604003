package dev.reflect.streams.measures;

import dev.reflect.events.Instrument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A binary serde for {@link MeasureState}, versioned by its first byte. A person answers every week
 * or two, so a state holds a few dozen scores; fixed-width fields keep it simple at about 50 bytes
 * each.
 *
 * <p>Layout (version 2):
 * <pre>
 *   u8 version | i32 #scores, then per score, in time order:
 *     i64 eventId most significant bits | i64 least significant bits
 *     i64 occurredAt epoch second | i32 nanos | i32 offset seconds
 *     i64 receivedAt epoch second | i32 nanos
 *     u8 instrument ordinal | u8 flags (1: part of an alerted deterioration)
 *     u8 #answers | u8 per answer
 *   i32 alerts announced in all
 * </pre>
 * Version 1 lacks the last field; it is read with no alerts counted.
 * A state written by a newer version, or naming an instrument this build does not know, is refused
 * rather than misread.
 */
public final class MeasureStateSerde implements Serde<MeasureState> {

    static final int VERSION = 2;
    private static final int WITHOUT_ALERT_COUNT = 1;
    private static final int ANNOUNCED = 1;
    private static final Instrument[] INSTRUMENTS = Instrument.values();

    @Override
    public Serializer<MeasureState> serializer() {
        return (topic, state) -> state == null ? null : serialize(state);
    }

    @Override
    public Deserializer<MeasureState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : deserialize(bytes);
    }

    public static byte[] serialize(MeasureState state) {
        List<Score> scores = state.all();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + scores.size() * 56);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(scores.size());
            for (Score score : scores) {
                out.writeLong(score.eventId().getMostSignificantBits());
                out.writeLong(score.eventId().getLeastSignificantBits());
                Instant occurred = score.occurredAt().toInstant();
                out.writeLong(occurred.getEpochSecond());
                out.writeInt(occurred.getNano());
                out.writeInt(score.occurredAt().getOffset().getTotalSeconds());
                Instant received = score.receivedAt();
                out.writeLong(received.getEpochSecond());
                out.writeInt(received.getNano());
                out.writeByte(score.instrument().ordinal());
                out.writeByte(state.isAnnounced(score.eventId()) ? ANNOUNCED : 0);
                out.writeByte(score.items().size());
                for (int answer : score.items()) {
                    out.writeByte(answer);
                }
            }
            out.writeInt(state.alerts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MeasureState deserialize(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != WITHOUT_ALERT_COUNT) {
                throw new SerializationException("measure state version " + version + " is not known to this build");
            }
            int count = in.readInt();
            MeasureState state = MeasureState.empty();
            List<UUID> announced = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                UUID eventId = new UUID(in.readLong(), in.readLong());
                Instant occurred = Instant.ofEpochSecond(in.readLong(), in.readInt());
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.readInt());
                Instant received = Instant.ofEpochSecond(in.readLong(), in.readInt());
                int instrument = in.readUnsignedByte();
                if (instrument >= INSTRUMENTS.length) {
                    throw new SerializationException("measure state names an instrument this build does not know");
                }
                int flags = in.readUnsignedByte();
                int answers = in.readUnsignedByte();
                List<Integer> items = new ArrayList<>(answers);
                for (int a = 0; a < answers; a++) {
                    items.add(in.readUnsignedByte());
                }
                state.add(new Score(
                        eventId, OffsetDateTime.ofInstant(occurred, offset), received, INSTRUMENTS[instrument], items));
                if ((flags & ANNOUNCED) != 0) {
                    announced.add(eventId);
                }
            }
            if (version == VERSION) {
                state.restoreAlerts(in.readInt());
            }
            if (in.available() > 0) {
                throw new SerializationException("measure state has trailing bytes");
            }
            announced.forEach(state::markAnnounced);
            return state;
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The class only: a message could quote stored values.
            throw new SerializationException(
                    "unreadable measure state: " + e.getClass().getSimpleName());
        }
    }
}
