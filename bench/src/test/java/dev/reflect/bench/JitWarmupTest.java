package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    private final AtomicLong compiledMillis = new AtomicLong();
    private final List<Duration> slices = new ArrayList<>();

    @Test
    void stopsAtTheMinimumWhenTheCompilerIsAlreadyQuiet() {
        JitWarmup warmup = new JitWarmup(Duration.ofSeconds(10), Duration.ofSeconds(60), compiledMillis::get);

        Duration spent = warmup.run(slices::add);

        assertThat(spent).isEqualTo(Duration.ofSeconds(10));
        assertThat(slices).containsExactly(JitWarmup.SLICE, JitWarmup.SLICE);
    }

    @Test
    void goesOnWhileTheCompilerIsBusyAndStopsOnceItSettles() {
        // Each of the first three slices "compiles" far more than a tenth of its wall time.
        JitWarmup warmup = new JitWarmup(Duration.ZERO, Duration.ofSeconds(60), compiledMillis::get);

        Duration spent = warmup.run(slice -> {
            slices.add(slice);
            if (slices.size() <= 3) {
                compiledMillis.addAndGet(60_000);
            }
        });

        assertThat(spent).isEqualTo(JitWarmup.SLICE.multipliedBy(4));
    }

    @Test
    void neverRunsPastTheMaximumAndCutsTheLastSliceToFit() {
        JitWarmup warmup = new JitWarmup(Duration.ZERO, Duration.ofSeconds(12), compiledMillis::get);

        Duration spent = warmup.run(slice -> {
            slices.add(slice);
            compiledMillis.addAndGet(60_000);
        });

        assertThat(spent).isEqualTo(Duration.ofSeconds(12));
        assertThat(slices).containsExactly(JitWarmup.SLICE, JitWarmup.SLICE, Duration.ofSeconds(2));
    }

    @Test
    void noWarmupAtAllWhenTheMaximumIsZero() {
        assertThat(new JitWarmup(Duration.ZERO, Duration.ZERO, compiledMillis::get).run(slices::add))
                .isZero();
        assertThat(slices).isEmpty();
    }
}
