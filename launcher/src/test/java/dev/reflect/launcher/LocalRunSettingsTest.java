package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalRunSettingsTest {

    private static final Env DATA_DIR = Env.of(Map.of(LocalRunSettings.DATA_DIR_VARIABLE, "/data"));

    @Test
    void oneBrokerByDefaultWithItsDataWhereItAlwaysWas() {
        LocalRunSettings settings = LocalRunSettings.from(DATA_DIR, Optional.empty());

        assertThat(settings.brokers()).isEqualTo(1);
        assertThat(settings.kafkaDir()).isEqualTo(Path.of("/data/kafka"));
        assertThat(settings.streamsStateDir()).isEqualTo(Path.of("/data/streams"));
    }

    @Test
    void threeBrokersFromTheCommandLineOrTheEnvironmentKeepTheirDataApart() {
        LocalRunSettings fromArgument = LocalRunSettings.from(DATA_DIR, Optional.empty(), Optional.of("3"));
        LocalRunSettings fromVariable = LocalRunSettings.from(
                DATA_DIR.with(Map.of(LocalRunSettings.BROKERS_VARIABLE, "3")), Optional.empty(), Optional.empty());

        assertThat(fromArgument.brokers()).isEqualTo(3);
        assertThat(fromVariable.brokers()).isEqualTo(3);
        assertThat(fromArgument.kafkaDir()).isEqualTo(Path.of("/data/kafka-3-nodes"));
        assertThat(fromArgument.streamsStateDir()).isEqualTo(Path.of("/data/streams-3-nodes"));
    }

    @Test
    void theCommandLineWinsAndNonsenseIsRefusedByName() {
        Env five = DATA_DIR.with(Map.of(LocalRunSettings.BROKERS_VARIABLE, "5"));

        assertThat(LocalRunSettings.from(five, Optional.empty(), Optional.of("3"))
                        .brokers())
                .isEqualTo(3);
        assertThatThrownBy(() -> LocalRunSettings.from(DATA_DIR, Optional.empty(), Optional.of("7")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LocalRunSettings.BROKERS_VARIABLE);
        assertThatThrownBy(() -> LocalRunSettings.from(DATA_DIR, Optional.empty(), Optional.of("three")))
                .isInstanceOf(ConfigException.class);
    }
}
