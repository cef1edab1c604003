package dev.reflect.streams.state;

import dev.reflect.events.Alert;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.escalation.EscalationRule;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for {@link UserState}. Every update of a user rewrites their whole state
 * to RocksDB and the changelog, so size is throughput: a realistic user with 90 days of data
 * stays well under 2 KiB (see {@code UserStateSerdeTest}).
 *
 * <p>Layout (version 1):
 * <pre>
 *   u8 version | u8 #trigger categories | u8 #behaviour types | u8 #coping strategies | u8 flags
 *   [firstDay: zigzag varlong epoch day]
 *   varint #days, then per day:
 *     varint days since the previous day (the first: since firstDay)
 *     bitmap of non-zero counters (one bit per counter, little-endian bytes)
 *     one varint per set bit (the belief-shift sum zigzag-encoded, as it can be negative)
 *   escalation: u8 level | previous level &lt;&lt; 2
 *     [lastEvaluatedDay: zigzag varlong days from firstDay, u8 #recent levels, 2 bits per level]
 *     [changeCount varint, varint days from since to lastEvaluatedDay, u8 rule,
 *      observed: varint asks, f64 baseline asks, varint device checks, varint controlling, varint triggers,
 *      message: varint length + UTF-8]
 * </pre>
 * The three enum sizes are written so that state written before the contract appends an enum
 * value still reads correctly: stored counters are mapped by ordinal into the current layout.
 * A state written by a newer version, with more values than this build knows, is refused
 * rather than misread.
 */
public final class UserStateSerde implements Serde<UserState> {

    static final int VERSION = 1;
    private static final int FIXED = Figures.TRIGGERS;
    private static final int HAS_FIRST_DAY = 1;
    private static final int HAS_EVALUATION = 2;
    private static final int HAS_CHANGE = 4;
    private static final EscalationLevel[] LEVELS = EscalationLevel.values();
    private static final EscalationRule[] RULES = EscalationRule.values();

    @Override
    public Serializer<UserState> serializer() {
        return (topic, state) -> state == null ? null : serialize(state);
    }

    @Override
    public Deserializer<UserState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : deserialize(bytes);
    }

    public static byte[] serialize(UserState state) {
        Writer out = new Writer();
        out.u8(VERSION);
        out.u8(TriggerCategory.values().length);
        out.u8(BehaviorType.values().length);
        out.u8(CopingStrategy.values().length);
        EscalationState escalation = state.escalation();
        LocalDate firstDay = state.firstDay();
        int flags = (firstDay != null ? HAS_FIRST_DAY : 0)
                | (escalation.lastEvaluatedDay() != null ? HAS_EVALUATION : 0)
                | (escalation.changeCount() > 0 ? HAS_CHANGE : 0);
        out.u8(flags);
        long base = 0;
        if (firstDay != null) {
            base = firstDay.toEpochDay();
            out.zigzag(base);
        }
        out.varint(state.days().size());
        long previous = base;
        int maskBytes = (Figures.SIZE + 7) / 8;
        for (Map.Entry<LocalDate, Figures> day : state.days().entrySet()) {
            long epochDay = day.getKey().toEpochDay();
            out.varint(epochDay - previous);
            previous = epochDay;
            Figures figures = day.getValue();
            // One pass: reserve the bitmap, write the non-zero values, then fill the bitmap in.
            int maskAt = out.reserve(maskBytes);
            for (int i = 0; i < Figures.SIZE; i++) {
                int value = figures.counter(i);
                if (value != 0) {
                    out.setBit(maskAt, i);
                    if (i == Figures.BELIEF_SHIFT_SUM) {
                        out.zigzag(value);
                    } else {
                        out.varint(value);
                    }
                }
            }
        }
        writeEscalation(out, escalation, base);
        return out.toByteArray();
    }

    private static void writeEscalation(Writer out, EscalationState escalation, long base) {
        EscalationLevel previousLevel = escalation.previousLevel();
        out.u8(escalation.level().ordinal() | (previousLevel == null ? 0 : previousLevel.ordinal()) << 2);
        LocalDate lastEvaluated = escalation.lastEvaluatedDay();
        if (lastEvaluated != null) {
            out.zigzag(lastEvaluated.toEpochDay() - base);
            List<EscalationLevel> recent = escalation.recentLevels();
            out.u8(recent.size());
            int packed = 0;
            for (int i = 0; i < recent.size(); i++) {
                packed |= recent.get(i).ordinal() << ((i & 3) * 2);
                if ((i & 3) == 3 || i == recent.size() - 1) {
                    out.u8(packed);
                    packed = 0;
                }
            }
        }
        if (escalation.changeCount() > 0) {
            out.varint(escalation.changeCount());
            out.varint(lastEvaluated.toEpochDay() - escalation.since().toEpochDay());
            out.u8(escalation.rule().ordinal());
            Alert.Observed observed = escalation.observed();
            out.varint(observed.reassuranceAsks7d());
            out.f64(observed.baselineWeeklyAsks());
            out.varint(observed.deviceChecks7d());
            out.varint(observed.controlling7d());
            out.varint(observed.triggers7d());
            byte[] message = escalation.message().getBytes(StandardCharsets.UTF_8);
            out.varint(message.length);
            out.bytes(message);
        }
    }

    public static UserState deserialize(byte[] bytes) {
        try {
            return read(new Reader(bytes));
        } catch (RuntimeException e) {
            if (e instanceof SerializationException) {
                throw e;
            }
            throw new SerializationException(
                    "corrupt user state: " + e.getClass().getSimpleName());
        }
    }

    private static UserState read(Reader in) {
        int version = in.u8();
        if (version != VERSION) {
            throw new SerializationException("unknown user state version " + version);
        }
        int[] counterIndex = counterIndex(in.u8(), in.u8(), in.u8());
        int flags = in.u8();
        UserState state = UserState.empty();
        long base = 0;
        if ((flags & HAS_FIRST_DAY) != 0) {
            base = in.zigzag();
            state.restoreFirstDay(LocalDate.ofEpochDay(base));
        }
        int dayCount = Math.toIntExact(in.varint());
        long epochDay = base;
        byte[] mask = new byte[(counterIndex.length + 7) / 8];
        for (int d = 0; d < dayCount; d++) {
            epochDay += in.varint();
            in.bytes(mask);
            Figures figures = new Figures();
            for (int i = 0; i < counterIndex.length; i++) {
                if ((mask[i >>> 3] & (1 << (i & 7))) != 0) {
                    long value = i == Figures.BELIEF_SHIFT_SUM ? in.zigzag() : in.varint();
                    figures.set(counterIndex[i], Math.toIntExact(value));
                }
            }
            state.restoreDay(LocalDate.ofEpochDay(epochDay), figures);
        }
        readEscalation(in, flags, base, state.escalation());
        if (!in.atEnd()) {
            throw new SerializationException("trailing bytes after user state");
        }
        return state;
    }

    private static void readEscalation(Reader in, int flags, long base, EscalationState escalation) {
        int levels = in.u8();
        EscalationLevel level = LEVELS[levels & 3];
        EscalationLevel previousLevel = null;
        LocalDate lastEvaluated = null;
        List<EscalationLevel> recent = new ArrayList<>();
        if ((flags & HAS_EVALUATION) != 0) {
            lastEvaluated = LocalDate.ofEpochDay(base + in.zigzag());
            int count = in.u8();
            int packed = 0;
            for (int i = 0; i < count; i++) {
                if ((i & 3) == 0) {
                    packed = in.u8();
                }
                recent.add(LEVELS[(packed >>> ((i & 3) * 2)) & 3]);
            }
        }
        int changeCount = 0;
        LocalDate since = null;
        EscalationRule rule = null;
        Alert.Observed observed = null;
        String message = null;
        if ((flags & HAS_CHANGE) != 0) {
            if (lastEvaluated == null) {
                throw new SerializationException("corrupt user state: a change without an evaluation");
            }
            previousLevel = LEVELS[(levels >>> 2) & 3];
            changeCount = Math.toIntExact(in.varint());
            since = lastEvaluated.minusDays(in.varint());
            rule = RULES[in.u8()];
            observed = new Alert.Observed(
                    Math.toIntExact(in.varint()),
                    in.f64(),
                    Math.toIntExact(in.varint()),
                    Math.toIntExact(in.varint()),
                    Math.toIntExact(in.varint()));
            byte[] text = new byte[in.length()];
            in.bytes(text);
            message = new String(text, StandardCharsets.UTF_8);
        }
        escalation.restore(level, previousLevel, since, rule, observed, message, changeCount, lastEvaluated, recent);
    }

    /** Where each stored counter goes in this build's layout. */
    private static int[] counterIndex(int triggers, int behaviors, int coping) {
        if (triggers > TriggerCategory.values().length
                || behaviors > BehaviorType.values().length
                || coping > CopingStrategy.values().length) {
            throw new SerializationException("user state written by a newer version (unknown enum values)");
        }
        int[] index = new int[FIXED + triggers + behaviors + coping];
        int i = 0;
        for (int c = 0; c < FIXED; c++) {
            index[i++] = c;
        }
        for (int c = 0; c < triggers; c++) {
            index[i++] = Figures.TRIGGERS + c;
        }
        for (int c = 0; c < behaviors; c++) {
            index[i++] = Figures.BEHAVIORS + c;
        }
        for (int c = 0; c < coping; c++) {
            index[i++] = Figures.COPING + c;
        }
        return index;
    }

    /** A growable byte array; unlike ByteArrayOutputStream, not synchronized on every byte. */
    private static final class Writer {

        private byte[] buffer = new byte[512];
        private int size;

        void u8(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void bytes(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, buffer, size, value.length);
            size += value.length;
        }

        /** Appends {@code length} zero bytes and returns where they start. */
        int reserve(int length) {
            ensure(length);
            int at = size;
            Arrays.fill(buffer, at, at + length, (byte) 0);
            size += length;
            return at;
        }

        void setBit(int at, int bit) {
            buffer[at + (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }

        void varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative varint");
            }
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void f64(double value) {
            long bits = Double.doubleToLongBits(value);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[size++] = (byte) (bits >>> (i * 8));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    private static final class Reader {

        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u8() {
            if (position >= bytes.length) {
                throw new SerializationException("truncated user state");
            }
            return bytes[position++] & 0xFF;
        }

        void bytes(byte[] into) {
            if (position + into.length > bytes.length) {
                throw new SerializationException("truncated user state");
            }
            System.arraycopy(bytes, position, into, 0, into.length);
            position += into.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new SerializationException("corrupt varint in user state");
        }

        long zigzag() {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        double f64() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (long) u8() << (i * 8);
            }
            return Double.longBitsToDouble(bits);
        }

        /** A length prefix, checked against what is left before anything is allocated for it. */
        int length() {
            long length = varint();
            if (length > bytes.length - position) {
                throw new SerializationException("truncated user state");
            }
            return (int) length;
        }

        boolean atEnd() {
            return position == bytes.length;
        }
    }
}
