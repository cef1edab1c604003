package dev.reflect.streams.measures;

import static dev.reflect.streams.EventFixtures.gad7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Instrument;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** A person's measures survive the store: scores, their offsets and which were alerted. */
class MeasureStateSerdeTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 1);

    @Test
    void scoresTheirOffsetsAndAlertedMarksRoundTrip() {
        MeasureState state = MeasureState.empty();
        state.add(Score.of(gad7("u-1", D, 6)));
        state.add(Score.of(gad7("u-1", OffsetDateTime.of(2026, 10, 15, 23, 30, 0, 0, ZoneOffset.ofHours(-8)), 12)));
        state.add(Score.of(gad7("u-1", D.plusDays(28), 14)));
        assertThat(MeasureAlerts.announce("u-1", state)).hasSize(1);

        MeasureState read = MeasureStateSerde.deserialize(MeasureStateSerde.serialize(state));

        assertThat(read).isEqualTo(state);
        assertThat(read.alerts()).isEqualTo(1);
        assertThat(read.window(Instrument.GAD7).get(1).day()).isEqualTo(LocalDate.of(2026, 10, 15));
        // The alerted deterioration stays said after a restart restores the store.
        assertThat(MeasureAlerts.announce("u-1", read)).isEmpty();
    }

    @Test
    void aStateWrittenByTheFirstVersionIsReadWithNoAlertsCounted() {
        MeasureState state = MeasureState.empty();
        state.add(Score.of(gad7("u-1", D, 6)));
        state.add(Score.of(gad7("u-1", D.plusDays(14), 12)));
        assertThat(MeasureAlerts.announce("u-1", state)).hasSize(1);
        byte[] current = MeasureStateSerde.serialize(state);
        // Version 1 is version 2 without the count at the end.
        byte[] first = Arrays.copyOf(current, current.length - Integer.BYTES);
        first[0] = 1;

        MeasureState read = MeasureStateSerde.deserialize(first);

        assertThat(read.alerts()).isZero();
        assertThat(read.window(Instrument.GAD7)).hasSize(2);
        assertThat(MeasureAlerts.announce("u-1", read))
                .as("the marks were read")
                .isEmpty();
    }

    @Test
    void aStateFromANewerVersionOrCutShortIsRefusedNotMisread() {
        MeasureState state = MeasureState.empty();
        state.add(Score.of(gad7("u-1", D, 6)));
        byte[] bytes = MeasureStateSerde.serialize(state);

        byte[] newer = bytes.clone();
        newer[0] = (byte) (MeasureStateSerde.VERSION + 1);
        assertThatThrownBy(() -> MeasureStateSerde.deserialize(newer)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> MeasureStateSerde.deserialize(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageNotContaining("u-1");
    }
}
