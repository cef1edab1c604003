package dev.reflect.streams.rights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test-only crash points arm only when the property names one exactly (any case). */
class ErasureCrashPointTest {

    @Test
    void noValueArmsNothing() {
        assertThat(ErasureCrashPoint.armed(null)).isEmpty();
        assertThat(ErasureCrashPoint.armed(" ")).isEmpty();
    }

    @Test
    void aPointIsArmedByItsNameInAnyCase() {
        assertThat(ErasureCrashPoint.armed("before_proof")).contains(ErasureCrashPoint.BEFORE_PROOF);
        assertThat(ErasureCrashPoint.armed(" AFTER_FIRST_STEP ")).contains(ErasureCrashPoint.AFTER_FIRST_STEP);
    }

    @Test
    void anUnknownNameArmsNothing() {
        assertThat(ErasureCrashPoint.armed("BEFORE_PROOFS")).isEmpty();
        assertThat(ErasureCrashPoint.armed("true")).isEmpty();
    }
}
