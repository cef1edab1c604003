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
 * <p>Layout (version 2):
 * <pre>
 *   u8 version | u8 #trigger categories | u8 #behaviour types | u8 #coping strategies | u8 flags
 *   [firstDay: zigzag varlong epoch day]
 *   varint #days, then per day:
 *     varint days since the previous day (the first: since firstDay)
 *     bitmap of non-zero counters (one bit per counter, little-endian bytes)
 *     one varint per set bit (the belief-shift sum zigzag-encoded, as it can be negative)
 *   escalation ({@link EscalationState}): u8 flags | announced-before level &lt;&lt; 4
 *     [evaluatedTo: zigzag days from firstDay, u8 #recent assessments, 2 bits per level]
 *     [windowStart: zigzag days from firstDay]
 *     [base change]
 *     varint #changes, then each change
 *     varint #announcements kept, then each: zigzag days from firstDay, u8 level
 *     varint announcements in all
 *   a change: zigzag day from firstDay | u8 previous level | level &lt;&lt; 2 | has-content &lt;&lt; 4 |
 *     u8 rule | [observed (varint asks, f64 baseline asks, varint device checks, varint
 *     controlling, varint triggers) | message (varint length + UTF-8)], the last two for the latest
 *     change only (see {@link LevelChange})
 * </pre>
 * Version 1 (the last change only, with the levels of the last evaluated days) is still read:
 * its change becomes the one change of the history, already announced.
 * The three enum sizes are written so that state written before the contract appends an enum
 * value still reads correctly: stored counters are mapped by ordinal into the current layout.
 * A state written by a newer version, with more values than this build knows, is refused
 * rather than misread.
 */
public final class UserStateSerde implements Serde<UserState> {

    static final int VERSION = 2;
    private static final int FIXED = Figures.TRIGGERS;
    private static final int HAS_FIRST_DAY = 1;
    /** Version 1 only: the escalation part's layout flags. */
    private static final int V1_HAS_EVALUATION = 2;

    private static final int V1_HAS_CHANGE = 4;
    private static final int ESC_EVALUATED = 1;
    private static final int ESC_WINDOW = 2;
    private static final int ESC_BASE = 4;
    private static final int ESC_UNANNOUNCED = 8;
    /** In a change's level byte: its figures and sentence follow (kept for the latest change only). */
    private static final int CONTENT = 16;

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
        out.u8(firstDay != null ? HAS_FIRST_DAY : 0);
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
        LocalDate evaluatedTo = escalation.evaluatedTo();
        LocalDate windowStart = escalation.windowStart();
        LevelChange baseChange = escalation.base();
        out.u8((evaluatedTo != null ? ESC_EVALUATED : 0)
                | (windowStart != null ? ESC_WINDOW : 0)
                | (baseChange != null ? ESC_BASE : 0)
                | (escalation.hasUnannounced() ? ESC_UNANNOUNCED : 0)
                | escalation.announcedBefore().ordinal() << 4);
        if (evaluatedTo != null) {
            out.zigzag(evaluatedTo.toEpochDay() - base);
            writeLevels(out, escalation.recentAssessments());
        }
        if (windowStart != null) {
            out.zigzag(windowStart.toEpochDay() - base);
        }
        if (baseChange != null) {
            writeChange(out, baseChange, base);
        }
        List<LevelChange> changes = escalation.changes();
        out.varint(changes.size());
        for (LevelChange change : changes) {
            writeChange(out, change, base);
        }
        List<EscalationState.Announcement> announced = escalation.announced();
        out.varint(announced.size());
        for (EscalationState.Announcement announcement : announced) {
            out.zigzag(announcement.day().toEpochDay() - base);
            out.u8(announcement.level().ordinal());
        }
        out.varint(escalation.announcements());
    }

    private static void writeLevels(Writer out, List<EscalationLevel> levels) {
        out.u8(levels.size());
        int packed = 0;
        for (int i = 0; i < levels.size(); i++) {
            packed |= levels.get(i).ordinal() << ((i & 3) * 2);
            if ((i & 3) == 3 || i == levels.size() - 1) {
                out.u8(packed);
                packed = 0;
            }
        }
    }

    private static void writeChange(Writer out, LevelChange change, long base) {
        out.zigzag(change.day().toEpochDay() - base);
        out.u8(change.previous().ordinal() | change.level().ordinal() << 2 | (change.hasContent() ? CONTENT : 0));
        out.u8(change.rule().ordinal());
        if (change.hasContent()) {
            writeObserved(out, change.observed());
            writeText(out, change.message());
        }
    }

    private static void writeObserved(Writer out, Alert.Observed observed) {
        out.varint(observed.reassuranceAsks7d());
        out.f64(observed.baselineWeeklyAsks());
        out.varint(observed.deviceChecks7d());
        out.varint(observed.controlling7d());
        out.varint(observed.triggers7d());
    }

    private static void writeText(Writer out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.varint(bytes.length);
        out.bytes(bytes);
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
        if (version != VERSION && version != 1) {
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
        if (version == 1) {
            readEscalationV1(in, flags, base, state.escalation());
        } else {
            readEscalation(in, base, state.escalation());
        }
        if (!in.atEnd()) {
            throw new SerializationException("trailing bytes after user state");
        }
        return state;
    }

    private static void readEscalation(Reader in, long base, EscalationState escalation) {
        int flags = in.u8();
        LocalDate evaluatedTo = null;
        List<EscalationLevel> recent = List.of();
        if ((flags & ESC_EVALUATED) != 0) {
            evaluatedTo = LocalDate.ofEpochDay(base + in.zigzag());
            recent = readLevels(in);
        }
        LocalDate windowStart = (flags & ESC_WINDOW) != 0 ? LocalDate.ofEpochDay(base + in.zigzag()) : null;
        LevelChange baseChange = (flags & ESC_BASE) != 0 ? readChange(in, base) : null;
        int changeCount = in.count();
        List<LevelChange> changes = new ArrayList<>(changeCount);
        for (int i = 0; i < changeCount; i++) {
            changes.add(readChange(in, base));
        }
        int announcedCount = in.count();
        List<EscalationState.Announcement> announced = new ArrayList<>(announcedCount);
        for (int i = 0; i < announcedCount; i++) {
            announced.add(new EscalationState.Announcement(LocalDate.ofEpochDay(base + in.zigzag()), level(in.u8())));
        }
        int announcements = Math.toIntExact(in.varint());
        escalation.restore(
                evaluatedTo,
                recent,
                windowStart,
                baseChange,
                changes,
                level(flags >>> 4),
                announced,
                announcements,
                (flags & ESC_UNANNOUNCED) != 0);
    }

    private static List<EscalationLevel> readLevels(Reader in) {
        int count = in.u8();
        List<EscalationLevel> levels = new ArrayList<>(count);
        int packed = 0;
        for (int i = 0; i < count; i++) {
            if ((i & 3) == 0) {
                packed = in.u8();
            }
            levels.add(LEVELS[(packed >>> ((i & 3) * 2)) & 3]);
        }
        return levels;
    }

    private static LevelChange readChange(Reader in, long base) {
        LocalDate day = LocalDate.ofEpochDay(base + in.zigzag());
        int levels = in.u8();
        EscalationRule rule = rule(in.u8());
        if ((levels & CONTENT) == 0) {
            return new LevelChange(day, LEVELS[levels & 3], LEVELS[(levels >>> 2) & 3], rule, null, null);
        }
        Alert.Observed observed = readObserved(in);
        return new LevelChange(day, LEVELS[levels & 3], LEVELS[(levels >>> 2) & 3], rule, observed, readText(in));
    }

    private static Alert.Observed readObserved(Reader in) {
        return new Alert.Observed(
                Math.toIntExact(in.varint()),
                in.f64(),
                Math.toIntExact(in.varint()),
                Math.toIntExact(in.varint()),
                Math.toIntExact(in.varint()));
    }

    private static String readText(Reader in) {
        byte[] text = new byte[in.length()];
        in.bytes(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /**
     * Version 1 kept the last change only, as the current level: it becomes the one change of the
     * history, announced (its alert was sent when it happened).
     */
    private static void readEscalationV1(Reader in, int flags, long base, EscalationState escalation) {
        int levels = in.u8();
        EscalationLevel level = LEVELS[levels & 3];
        LocalDate lastEvaluated = null;
        List<EscalationLevel> recent = List.of();
        if ((flags & V1_HAS_EVALUATION) != 0) {
            lastEvaluated = LocalDate.ofEpochDay(base + in.zigzag());
            recent = readLevels(in);
        }
        List<LevelChange> changes = new ArrayList<>(1);
        List<EscalationState.Announcement> announced = new ArrayList<>(1);
        EscalationLevel announcedBefore = EscalationLevel.STEADY;
        int changeCount = 0;
        if ((flags & V1_HAS_CHANGE) != 0) {
            if (lastEvaluated == null) {
                throw new SerializationException("corrupt user state: a change without an evaluation");
            }
            EscalationLevel previousLevel = LEVELS[(levels >>> 2) & 3];
            changeCount = Math.toIntExact(in.varint());
            LocalDate since = lastEvaluated.minusDays(in.varint());
            EscalationRule rule = rule(in.u8());
            Alert.Observed observed = readObserved(in);
            changes.add(new LevelChange(since, previousLevel, level, rule, observed, readText(in)));
            announced.add(new EscalationState.Announcement(since, level));
            announcedBefore = previousLevel;
        }
        escalation.restore(lastEvaluated, recent, null, null, changes, announcedBefore, announced, changeCount, false);
    }

    private static EscalationLevel level(int ordinal) {
        if (ordinal >= LEVELS.length) {
            throw new SerializationException("corrupt user state: unknown level");
        }
        return LEVELS[ordinal];
    }

    private static EscalationRule rule(int ordinal) {
        if (ordinal >= RULES.length) {
            throw new SerializationException("user state written by a newer version (unknown rule)");
        }
        return RULES[ordinal];
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

        /** A count of items of at least one byte each, checked against what is left. */
        int count() {
            return length();
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
