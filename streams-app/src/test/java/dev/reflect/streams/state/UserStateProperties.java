package dev.reflect.streams.state;

import static dev.reflect.proptest.Gens.enums;
import static dev.reflect.proptest.Gens.ints;
import static dev.reflect.proptest.Gens.lists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import dev.reflect.streams.escalation.EscalationRule;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class UserStateProperties {

    private static Gen<UserState> states() {
        Gen<int[]> counters = ints(0, Figures.SIZE)
                .flatMap(nonZero -> lists(ints(0, Figures.SIZE - 1), nonZero, nonZero)
                        .zip(
                                lists(ints(0, Integer.MAX_VALUE), nonZero, nonZero),
                                lists(Gens.ints(), nonZero, nonZero),
                                (indexes, positive, signed) -> {
                                    int[] values = new int[Figures.SIZE];
                                    for (int i = 0; i < indexes.size(); i++) {
                                        int index = indexes.get(i);
                                        values[index] =
                                                index == Figures.BELIEF_SHIFT_SUM ? signed.get(i) : positive.get(i);
                                    }
                                    return values;
                                }));
        Gen<List<Integer>> dayOffsets = Gens.uniqueLists(ints(0, 400), 0, 95)
                .map(set -> set.stream().sorted().toList());
        Gen<LocalDate> firstDay = ints(-20_000, 60_000).map(LocalDate::ofEpochDay);
        Gen<EscalationState> escalation = escalationStates();
        return firstDay.zip(
                dayOffsets, lists(counters, 95, 95), escalation, (first, offsets, values, escalationState) -> {
                    UserState state = UserState.empty();
                    if (!offsets.isEmpty()) {
                        state.restoreFirstDay(first);
                    }
                    for (int i = 0; i < offsets.size(); i++) {
                        Figures figures = new Figures();
                        int[] v = values.get(i);
                        for (int c = 0; c < Figures.SIZE; c++) {
                            figures.set(c, v[c]);
                        }
                        state.restoreDay(first.plusDays(offsets.get(i)), figures);
                    }
                    EscalationState target = state.escalation();
                    target.restore(
                            escalationState.evaluatedTo(),
                            escalationState.recentAssessments(),
                            escalationState.windowStart(),
                            escalationState.base(),
                            escalationState.changes(),
                            escalationState.announcedBefore(),
                            escalationState.announced(),
                            escalationState.announcements(),
                            escalationState.hasUnannounced());
                    return state;
                });
    }

    /** Any escalation state the serde may meet, consistent or not: it stores, it does not judge. */
    private static Gen<EscalationState> escalationStates() {
        Gen<EscalationLevel> levels = enums(EscalationLevel.class);
        Gen<LocalDate> days =
                ints(-400, 400).map(offset -> LocalDate.of(2026, 5, 1).plusDays(offset));
        Gen<LevelChange> bare = days.zip(
                levels,
                levels,
                enums(EscalationRule.class),
                (day, from, to, rule) -> new LevelChange(day, from, from == to ? other(to) : to, rule, null, null));
        Gen<LevelChange> full = bare.zip(
                ints(0, 500),
                Gens.doubles(0, 1e6, 2),
                Gens.strings(0, 300),
                (change, count, baseline, message) -> new LevelChange(
                        change.day(),
                        change.previous(),
                        change.level(),
                        change.rule(),
                        new Alert.Observed(count, baseline, count / 2, 1, count * 2),
                        message));
        Gen<LevelChange> anyChange = Gens.oneOf(bare, full);
        Gen<EscalationState.Announcement> announcements = days.zip(levels, EscalationState.Announcement::new);
        return in -> {
            EscalationState state = new EscalationState();
            LocalDate evaluatedTo = Gens.orNull(days, 0.2).generate(in);
            List<EscalationLevel> recent = lists(levels, 0, 30).generate(in);
            state.restore(
                    evaluatedTo,
                    evaluatedTo == null ? List.of() : recent,
                    Gens.orNull(days, 0.5).generate(in),
                    Gens.orNull(full, 0.5).generate(in),
                    lists(anyChange, 0, 12).generate(in),
                    levels.generate(in),
                    lists(announcements, 0, 12).generate(in),
                    ints(0, 100_000).generate(in),
                    Gens.booleans().generate(in));
            return state;
        };
    }

    private static EscalationLevel other(EscalationLevel level) {
        return EscalationLevel.values()[(level.ordinal() + 1) % EscalationLevel.values().length];
    }

    @Test
    void everyStateRoundTrips() {
        PropertyCheck.tries(500).forAll(states(), state -> {
            byte[] bytes = UserStateSerde.serialize(state);

            assertThat(UserStateSerde.deserialize(bytes)).isEqualTo(state);
        });
    }

    @Test
    void anyCorruptionIsASerializationExceptionNeverAnotherFailure() {
        PropertyCheck.tries(300).forAll(states(), Gens.bytes(), Gens.ints(), UserStateProperties::corrupted);
    }

    private static void corrupted(UserState state, byte noise, int position) {
        byte[] bytes = UserStateSerde.serialize(state);
        int at = Math.floorMod(position, bytes.length);
        bytes[at] ^= noise == 0 ? 1 : noise;

        try {
            UserStateSerde.deserialize(bytes);
        } catch (SerializationException expected) {
            return;
        }
    }

    @Test
    void randomBytesNeverThrowAnythingButSerializationException() {
        PropertyCheck.tries(100).forAll(Gens.byteArrays(0, 255), UserStateProperties::randomBytes);
    }

    private static void randomBytes(byte[] bytes) {
        if (bytes.length == 0) {
            assertThatThrownBy(() -> UserStateSerde.deserialize(bytes)).isInstanceOf(SerializationException.class);
            return;
        }
        try {
            UserStateSerde.deserialize(bytes);
        } catch (SerializationException expected) {
            return;
        }
    }
}
