package dev.reflect.streams.state;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.EventFixtures;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UserStateSerdeTest {

    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private final UserStateSerde serde = new UserStateSerde();

    @Test
    void realisticUserWithNinetyDaysFitsInTwoKibibytes() {
        UserState state = realisticUser(new Random(42), 90);
        assertThat(state.days()).hasSize(90);
        assertThat(state.escalation().announcements())
                .as("the user escalated at least once")
                .isPositive();

        byte[] bytes = serde.serializer().serialize("t", state);

        System.out.printf("user state, realistic user, 90 days: %d bytes%n", bytes.length);
        assertThat(bytes.length).isLessThanOrEqualTo(2048);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void realisticUsersStayUnderTheTargetWhateverTheSeed() {
        for (int seed = 0; seed < 50; seed++) {
            UserState state = realisticUser(new Random(seed), 90);
            assertThat(UserStateSerde.serialize(state).length)
                    .as("seed %d", seed)
                    .isLessThanOrEqualTo(2048);
        }
    }

    @Test
    void emptyStateRoundTrips() {
        UserState empty = UserState.empty();
        byte[] bytes = UserStateSerde.serialize(empty);
        assertThat(bytes)
                .as("header, no days, STEADY: no changes, no announcements")
                .hasSize(10);
        assertThat(UserStateSerde.deserialize(bytes)).isEqualTo(empty);
    }

    @Test
    void nullStaysNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void negativeBeliefShiftAndEveryCounterRoundTrip() {
        UserState state = UserState.empty();
        state.add(checkIn("u", START)
                .distress(10)
                .trigger(TriggerCategory.OTHER)
                .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                .behavior(BehaviorType.CONTROLLED, 100)
                .behavior(BehaviorType.AVOIDED_SHARING, 1)
                .coping(CopingStrategy.PROFESSIONAL_SUPPORT)
                .coping(CopingStrategy.ACKNOWLEDGED_FEELINGS)
                .build());
        state.add(journal("u", START, 100, 0));
        state.add(journal("u", START.plusDays(3), null, null));

        UserState back = UserStateSerde.deserialize(UserStateSerde.serialize(state));

        assertThat(back).isEqualTo(state);
        assertThat(back.day(START).beliefShiftSum()).isEqualTo(-100);
        assertThat(back.day(START).controlling()).isEqualTo(100);
        assertThat(back.day(START.plusDays(3)).journalEntries()).isEqualTo(1);
        assertThat(back.firstDay()).isEqualTo(START);
    }

    @Test
    void escalationStateRoundTrips() {
        UserState state = realisticUser(new Random(7), 40);
        state.add(checkIn("u", START.plusDays(40))
                .behavior(BehaviorType.CONTROLLED, 1)
                .build());
        EventFixtures.escalate("u", state);
        assertThat(state.escalation().level()).isEqualTo(EscalationLevel.SEVERE);

        UserState back = UserStateSerde.deserialize(UserStateSerde.serialize(state));

        assertThat(back.escalation()).isEqualTo(state.escalation());
        assertThat(back.escalation().message()).isEqualTo(state.escalation().message());
    }

    @Test
    void stateWrittenBeforeAnEnumGrewIsReadByOrdinal() {
        // Hand-written version-1 bytes from a build with 9 trigger categories instead of 10:
        // one day with 1 check-in and 3 reassurance asks (behaviour ordinal 5).
        int storedTriggers = TriggerCategory.values().length - 1;
        int reassuranceBit = Figures.TRIGGERS + storedTriggers + BehaviorType.SOUGHT_REASSURANCE.ordinal();
        int counters =
                Figures.TRIGGERS + storedTriggers + BehaviorType.values().length + CopingStrategy.values().length;
        byte[] mask = new byte[(counters + 7) / 8];
        mask[0] |= 1;
        mask[reassuranceBit >>> 3] |= (byte) (1 << (reassuranceBit & 7));
        long epochDay = START.toEpochDay();
        byte[] head = {
            1, (byte) storedTriggers, (byte) BehaviorType.values().length, (byte) CopingStrategy.values().length, 1
        };
        byte[] firstDay = zigzagVarint(epochDay);
        byte[] tail = {1, 0};
        byte[] values = {1, 3, 0};
        byte[] bytes = concat(head, firstDay, tail, mask, values);

        UserState state = UserStateSerde.deserialize(bytes);

        assertThat(state.day(START).checkIns()).isEqualTo(1);
        assertThat(state.day(START).reassuranceAsks()).isEqualTo(3);
        assertThat(state.day(START).triggers()).isZero();
    }

    @Test
    void refusesStateFromANewerLayoutOrVersion() {
        byte[] newer = UserStateSerde.serialize(UserState.empty());
        newer[1] = (byte) (TriggerCategory.values().length + 1);
        assertThatThrownBy(() -> UserStateSerde.deserialize(newer)).isInstanceOf(SerializationException.class);

        byte[] version = UserStateSerde.serialize(UserState.empty());
        version[0] = 9;
        assertThatThrownBy(() -> UserStateSerde.deserialize(version)).isInstanceOf(SerializationException.class);
    }

    @Test
    void truncatedOrTrailingBytesAreASerializationException() {
        byte[] bytes = UserStateSerde.serialize(realisticUser(new Random(3), 10));
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> UserStateSerde.deserialize(truncated)).isInstanceOf(SerializationException.class);
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> UserStateSerde.deserialize(trailing)).isInstanceOf(SerializationException.class);
    }

    /**
     * A person who checks in one to three times a day, with a handful of usual triggers,
     * behaviours and coping strategies, and journals about every other day; evaluated as the
     * topology would, so the escalation part is filled in too.
     */
    static UserState realisticUser(Random random, int days) {
        List<TriggerCategory> usualTriggers = List.of(
                TriggerCategory.PARTNER_UNRESPONSIVE,
                TriggerCategory.PERCEIVED_SECRECY,
                TriggerCategory.SOCIAL_MEDIA,
                TriggerCategory.REMINDER_OF_PAST);
        List<BehaviorType> usualBehaviors = List.of(
                BehaviorType.SOUGHT_REASSURANCE,
                BehaviorType.QUESTIONED_MOTIVES,
                BehaviorType.WITHDREW,
                BehaviorType.CHECKED_DEVICE,
                BehaviorType.AVOIDED_SHARING);
        List<CopingStrategy> usualCoping = List.of(
                CopingStrategy.CHALLENGED_THOUGHT,
                CopingStrategy.SELF_CARE,
                CopingStrategy.OPEN_COMMUNICATION,
                CopingStrategy.ACKNOWLEDGED_FEELINGS);
        UserState state = UserState.empty();
        for (int d = 0; d < days; d++) {
            LocalDate day = START.plusDays(d);
            int checkIns = 1 + random.nextInt(3);
            for (int c = 0; c < checkIns; c++) {
                EventFixtures.CheckInBuilder checkIn = checkIn("u", day).distress(random.nextInt(11));
                for (int t = random.nextInt(3); t > 0; t--) {
                    checkIn.trigger(usualTriggers.get(random.nextInt(usualTriggers.size())));
                }
                for (int b = random.nextInt(3); b > 0; b--) {
                    checkIn.behavior(usualBehaviors.get(random.nextInt(usualBehaviors.size())), 1 + random.nextInt(4));
                }
                if (random.nextBoolean()) {
                    checkIn.coping(usualCoping.get(random.nextInt(usualCoping.size())));
                }
                state.add(checkIn.build());
            }
            if (random.nextBoolean()) {
                int before = 40 + random.nextInt(60);
                state.add(
                        random.nextInt(10) < 6
                                ? journal("u", day, before, random.nextInt(before + 1))
                                : journal("u", day, null, null));
            }
            EventFixtures.escalate("u", state);
        }
        return state;
    }

    private static byte[] zigzagVarint(long value) {
        long raw = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int n = 0;
        while ((raw & ~0x7FL) != 0) {
            out[n++] = (byte) ((raw & 0x7F) | 0x80);
            raw >>>= 7;
        }
        out[n++] = (byte) raw;
        return Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
