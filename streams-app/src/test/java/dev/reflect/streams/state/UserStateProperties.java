package dev.reflect.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.escalation.EscalationRule;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;

class UserStateProperties {

    @Provide
    Arbitrary<UserState> states() {
        Arbitrary<int[]> counters = Arbitraries.integers()
                .between(0, Figures.SIZE)
                .flatMap(nonZero -> Combinators.combine(
                                Arbitraries.integers()
                                        .between(0, Figures.SIZE - 1)
                                        .list()
                                        .ofSize(nonZero),
                                Arbitraries.integers()
                                        .between(0, Integer.MAX_VALUE)
                                        .list()
                                        .ofSize(nonZero),
                                Arbitraries.integers().list().ofSize(nonZero))
                        .as((indexes, positive, signed) -> {
                            int[] values = new int[Figures.SIZE];
                            for (int i = 0; i < indexes.size(); i++) {
                                int index = indexes.get(i);
                                values[index] = index == Figures.BELIEF_SHIFT_SUM ? signed.get(i) : positive.get(i);
                            }
                            return values;
                        }));
        Arbitrary<List<Integer>> dayOffsets = Arbitraries.integers()
                .between(0, 400)
                .set()
                .ofMaxSize(95)
                .map(set -> set.stream().sorted().toList());
        Arbitrary<LocalDate> firstDay =
                Arbitraries.integers().between(-20_000, 60_000).map(LocalDate::ofEpochDay);
        Arbitrary<EscalationLevel> level = Arbitraries.of(EscalationLevel.class);
        Arbitrary<EscalationState> escalation = Combinators.combine(
                        level,
                        level,
                        Arbitraries.of(EscalationRule.class),
                        Arbitraries.integers().between(0, 500),
                        Arbitraries.integers().between(0, 400),
                        level.list().ofMaxSize(30),
                        Arbitraries.strings().ofMaxLength(300),
                        Arbitraries.doubles().between(0, 1e6))
                .as((current, previous, rule, changes, sinceBack, recent, message, baseline) -> {
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
                });
        return Combinators.combine(firstDay, dayOffsets, counters.list().ofSize(95), escalation)
                .as((first, offsets, values, escalationState) -> {
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

    @Property(tries = 500)
    void everyStateRoundTrips(@ForAll("states") UserState state) {
        byte[] bytes = UserStateSerde.serialize(state);

        assertThat(UserStateSerde.deserialize(bytes)).isEqualTo(state);
    }

    @Property(tries = 300)
    void anyCorruptionIsASerializationExceptionNeverAnotherFailure(
            @ForAll("states") UserState state, @ForAll byte noise, @ForAll int position) {
        byte[] bytes = UserStateSerde.serialize(state);
        int at = Math.floorMod(position, bytes.length);
        bytes[at] ^= noise == 0 ? 1 : noise;

        try {
            UserStateSerde.deserialize(bytes);
        } catch (SerializationException expected) {
            return;
        }
    }

    @Property(tries = 100)
    void randomBytesNeverThrowAnythingButSerializationException(@ForAll byte[] bytes) {
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
