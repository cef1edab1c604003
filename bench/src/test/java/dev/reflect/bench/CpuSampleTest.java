package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSampleTest {

    @Test
    void countsIdleAndIowaitAsNotBusyAndLeavesGuestTimeOut() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] ticks = CpuSample.ticks("cpu  100 5 50 800 20 3 2 10 40 0");

        assertThat(ticks).containsExactly(100 + 5 + 50 + 3 + 2 + 10, 100 + 5 + 50 + 800 + 20 + 3 + 2 + 10);
    }
}
