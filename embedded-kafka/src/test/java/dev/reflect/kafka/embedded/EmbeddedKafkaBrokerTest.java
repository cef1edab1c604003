package dev.reflect.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What holds before any broker runs: construction touches neither the disk nor the network. */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void aGivenPortIsKnownBeforeTheFirstStart() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(dataDir)
                .port(19_092)
                .controllerPort(19_093)
                .build();

        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(broker.controllerPort()).isEqualTo(19_093);
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void aPortStillToBeChosenHasNoBootstrapAddressYet() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0);

        assertThat(broker.port()).isZero();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stoppingABrokerThatNeverStartedIsHarmless() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0);

        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void rejectsPortsOutsideTheTcpRangeAndAMissingDataDir() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().controllerPort(65_536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(9092).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDataDirIsAbsoluteSoItDoesNotDependOnTheWorkingDirectoryLater() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(".reflect-data", "kafka"), 0);

        assertThat(broker.dataDir()).isAbsolute().endsWithRaw(Path.of(".reflect-data", "kafka"));
    }
}
