package dev.reflect.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.crypto.DataKey;
import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.events.crypto.KeyException;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFromAFileWrapsDataKeysThatOnlyTheSameKeyAndOwnerUnwrap() throws IOException {
        Path file = dir.resolve("kek.json");
        Files.writeString(file, KeyEncryptionKey.generateJson(), StandardCharsets.UTF_8);
        KeyEncryptionKey kek = KekSettings.from(Env.of(Map.of(KekSettings.FILE_VARIABLE, file.toString())));
        KeyEncryptionKey again = KekSettings.from(Env.of(Map.of(KekSettings.FILE_VARIABLE, file.toString())));
        DataKey key = DataKey.generate();

        byte[] wrapped = kek.wrap(key, "u-1");

        assertThat(again.unwrap(wrapped, "u-1").keyId()).isEqualTo(key.keyId());
        assertThatThrownBy(() -> again.unwrap(wrapped, "u-2")).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> KekSettings.development().unwrap(wrapped, "u-1"))
                .isInstanceOf(KeyException.class);
        assertThat(kek.toString()).doesNotContain(Files.readString(file));
    }

    @Test
    void withoutAKeyOrWithTwoItRefusesNamingTheVariables() {
        assertThatThrownBy(() -> KekSettings.from(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KekSettings.FILE_VARIABLE)
                .hasMessageContaining(KekSettings.VALUE_VARIABLE);
        assertThatThrownBy(() -> KekSettings.from(Env.of(Map.of(
                        KekSettings.FILE_VARIABLE, "/x", KekSettings.VALUE_VARIABLE, KekSettings.DEVELOPMENT_KEYSET))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void anUnreadableKeyIsRefusedWithoutEchoingIt() {
        String broken = "{\"primaryKeyId\":1,\"key\":[\"secret-material-xyz\"]}";
        assertThatThrownBy(() -> KekSettings.from(Env.of(Map.of(KekSettings.VALUE_VARIABLE, broken))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KekSettings.VALUE_VARIABLE)
                .hasMessageNotContaining("secret-material-xyz");
        assertThatThrownBy(() -> KekSettings.from(Env.of(Map.of(
                        KekSettings.FILE_VARIABLE, dir.resolve("missing.json").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KekSettings.FILE_VARIABLE);
    }
}
