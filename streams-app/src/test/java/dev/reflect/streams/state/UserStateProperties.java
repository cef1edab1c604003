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
        Gen<EscalationLevel> level = enums(EscalationLevel.class);
        Gen<EscalationRule> rules = enums(EscalationRule.class);
        Gen<Integer> changeCounts = ints(0, 500);
        Gen<Integer> daysSince = ints(0, 400);
        Gen<List<EscalationLevel>> recentLevels = lists(level, 0, 30);
        Gen<String> messages = Gens.strings(0, 300);
        Gen<Double> baselines = Gens.doubles(0, 1e6, 2);
        Gen<EscalationState> escalation = in -> escalationState(
                level.generate(in),
                level.generate(in),
                rules.generate(in),
                changeCounts.generate(in),
                daysSince.generate(in),
                recentLevels.generate(in),
                messages.generate(in),
                baselines.generate(in));
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
                            escalationState.level(),
                            escalationState.previousLevel(),
                            escalationState.since(),
                            escalationState.rule(),
                            escalationState.observed(),
                            escalationState.message(),
                            escalationState.changeCount(),
                            escalationState.lastEvaluatedDay(),
                            escalationState.recentLevels());
                    return state;
                });
    }

    private static EscalationState escalationState(
            EscalationLevel current,
            EscalationLevel previous,
            EscalationRule rule,
            int changes,
            int sinceBack,
            List<EscalationLevel> recent,
            String message,
            double baseline) {
        EscalationState state = new EscalationState();
        LocalDate evaluated = LocalDate.of(2026, 5, 1);
        state.restore(
                changes == 0 ? EscalationLevel.STEADY : current,
                changes == 0 ? null : previous,
                changes == 0 ? null : evaluated.minusDays(sinceBack),
                changes == 0 ? null : rule,
                changes == 0 ? null : new Alert.Observed(changes, baseline, sinceBack, 1, changes * 2),
                changes == 0 ? null : message,
                changes,
                recent.isEmpty() && changes == 0 ? null : evaluated,
                recent);
        return state;
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
