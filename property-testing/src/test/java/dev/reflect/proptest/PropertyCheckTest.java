package dev.reflect.proptest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {

    @AfterEach
    void clearSeed() {
        System.clearProperty(PropertyCheck.SEED_PROPERTY);
    }

    @Test
    void aFailureNamesTheShrunkExampleTheSeedAndTheCommandThatRepeatsIt() {
        assertThatThrownBy(() -> PropertyCheck.tries(1000)
                        .forAll(Gens.ints(0, 1_000_000), n -> assertThat(n).isLessThan(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s) :-" + System.lineSeparator() + "500")
                .hasMessageMatching("(?s).*Repeat this run: mvn -pl property-testing test "
                        + "-Dtest=PropertyCheckTest#aFailureNamesTheShrunkExampleTheSeedAndTheCommandThatRepeatsIt "
                        + "-DQT_SEED=-?\\d+ .*");
    }

    @Test
    void theSameSeedGeneratesTheSameExamples() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "42");
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();

        PropertyCheck.tries(50).forAll(Gens.strings(0, 20), Gens.uuids(), (s, u) -> first.add(s + u));
        PropertyCheck.tries(50).forAll(Gens.strings(0, 20), Gens.uuids(), (s, u) -> second.add(s + u));

        assertThat(first).hasSize(50).isEqualTo(second);
    }

    @Test
    void runsTheGivenNumberOfTries() {
        List<Long> seen = new ArrayList<>();

        PropertyCheck.tries(321).forAll(Gens.longs(), seen::add);

        assertThat(seen).hasSize(321);
    }

    @Test
    void aCaseThatNeverComesUpFailsTheCoverageCheck() {
        Coverage parity = Coverage.of("parity").atLeastOnce("odd").atLeastPercent("even", 10);

        assertThatThrownBy(() -> PropertyCheck.tries(200)
                        .withCoverage(parity)
                        .forAll(Gens.ints(0, 1000).map(n -> n * 2), n -> parity.collect(n % 2 == 0 ? "even" : "odd")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Coverage of parity: odd came up 0 times")
                .hasMessageContaining("-DQT_SEED=");
    }

    @Test
    void coverageThatIsMetPasses() {
        Coverage parity = Coverage.of("parity").atLeastPercent("odd", 30).atLeastPercent("even", 30);

        PropertyCheck.tries(500)
                .withCoverage(parity)
                .forAll(Gens.ints(0, 1_000_000), n -> parity.collect(n % 2 == 0 ? "even" : "odd"));
    }

    @Test
    void uniqueListsHoldNoRepeats() {
        PropertyCheck.tries(300)
                .forAll(
                        Gens.uniqueLists(Gens.ints(0, 9), 0, 6),
                        list -> assertThat(list).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(6));
    }

    @Test
    void charSetsGiveOnlyTheirCharacters() {
        Gens.CharSet set = Gens.CharSet.of("xyz").range('0', '3');
        PropertyCheck.tries(300)
                .forAll(Gens.strings(set, 1, 30), s -> assertThat(s).matches("[xyz0-3]+"));
    }
}
