package dev.reflect.simulator.persona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.simulator.persona.DayLedger.Measure;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayLedgerTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void allowsOnlyWhatKeepsEverySevenDayWindowUnderTheCap() {
        DayLedger ledger = new DayLedger(7);
        ledger.add(DAY, Measure.REASSURANCE_ASKS, 3);

        assertThat(ledger.allowance(DAY.plusDays(6), Measure.REASSURANCE_ASKS, 5, 4))
                .isEqualTo(1);
        assertThat(ledger.allowance(DAY.plusDays(7), Measure.REASSURANCE_ASKS, 5, 4))
                .isEqualTo(4);
        // A day earlier shares windows with DAY too, those ending after it.
        assertThat(ledger.allowance(DAY.minusDays(3), Measure.REASSURANCE_ASKS, 5, 4))
                .isEqualTo(1);
        assertThat(ledger.allowance(DAY, Measure.TRIGGERS, 5, 4)).isEqualTo(4);
    }

    @Test
    void forgettingOldDaysKeepsEveryWindowThatCanStillBeReached() {
        DayLedger ledger = new DayLedger(7);
        ledger.add(DAY, Measure.TRIGGERS, 6);
        ledger.forgetBefore(DAY.plusDays(6));
        assertThat(ledger.allowance(DAY.plusDays(6), Measure.TRIGGERS, 3, 6)).isZero();
        ledger.forgetBefore(DAY.plusDays(8));
        assertThat(ledger.sum(Measure.TRIGGERS, DAY, DAY)).isZero();
    }
}
