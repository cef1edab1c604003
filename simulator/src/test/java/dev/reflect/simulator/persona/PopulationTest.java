package dev.reflect.simulator.persona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void fiftyPeopleAreMostlyCalmWithAFewEscalatingAndExactlyOneControlling() {
        List<SimulatedUser> users = Population.create(50, 7, "demo-");

        assertThat(users)
                .extracting(SimulatedUser::userId)
                .startsWith("demo-01", "demo-02")
                .endsWith("demo-50")
                .doesNotHaveDuplicates();
        Map<Persona, Long> counts =
                users.stream().collect(Collectors.groupingBy(SimulatedUser::persona, Collectors.counting()));
        assertThat(counts)
                .containsEntry(Persona.CONTROLLING, 1L)
                .containsEntry(Persona.DEVICE_CHECKING, 2L)
                .containsEntry(Persona.REASSURANCE_DOUBLING, 3L);
        assertThat(counts.get(Persona.STEADY) + counts.get(Persona.IMPROVING)).isEqualTo(44);
        assertThat(counts.get(Persona.IMPROVING)).isGreaterThan(counts.get(Persona.STEADY));
    }

    @Test
    void smallPopulationsStillHaveEveryEscalatingKind() {
        assertThat(Population.create(1, 1, "p-"))
                .extracting(SimulatedUser::persona)
                .containsExactly(Persona.CONTROLLING);
        Map<Persona, SimulatedUser> five = Population.create(5, 1, "p-").stream()
                .collect(Collectors.toMap(SimulatedUser::persona, Function.identity(), (a, b) -> a));
        assertThat(five).containsKeys(Persona.CONTROLLING, Persona.DEVICE_CHECKING, Persona.REASSURANCE_DOUBLING);
    }

    @Test
    void idsWidenForLargePopulations() {
        assertThat(Population.create(1000, 1, "load-").get(0).userId()).isEqualTo("load-0001");
    }
}
