package dev.reflect.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertWindowTest {

    private static final Instant CUT_OVER = Instant.parse("2026-12-05T10:00:00Z");
    private static final long BEFORE = CUT_OVER.toEpochMilli() - 1;
    private static final long AT = CUT_OVER.toEpochMilli();

    @Test
    void theRetiringAndTheNewApplicationSplitEveryTimestampBetweenThem() {
        AlertWindow retiring = AlertWindow.until(CUT_OVER);
        AlertWindow successor = AlertWindow.from(CUT_OVER);

        for (long timestamp : new long[] {0, BEFORE, AT, AT + 1, Long.MAX_VALUE / 2}) {
            assertThat(retiring.sends(timestamp) ^ successor.sends(timestamp))
                    .as("exactly one of them sends an alert stamped %s", timestamp)
                    .isTrue();
        }
        assertThat(retiring.sends(BEFORE)).isTrue();
        assertThat(successor.sends(AT)).isTrue();
    }

    @Test
    void everyDeploymentSendsEverything() {
        assertThat(AlertWindow.ALL.sends(0)).isTrue();
        assertThat(AlertWindow.ALL.sends(Long.MIN_VALUE)).isTrue();
        assertThat(AlertWindow.ALL.sends(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new AlertWindow(CUT_OVER, CUT_OVER)).isInstanceOf(IllegalArgumentException.class);
    }
}
