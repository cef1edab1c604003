package dev.reflect.service.keys;

import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.events.crypto.KeyException;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the key-encryption key comes from (contract section 9): {@code REFLECT_KEK_FILE}, the path
 * of a Tink JSON keyset (what {@code ./reflect run} writes, mode 600, into its data directory), or
 * {@code REFLECT_KEK}, the keyset itself (for a secret injected as an environment variable). A
 * production deployment keeps it in a KMS or secret store and hands it over one of these two ways;
 * both services need the same one.
 */
public final class KekSettings {

    public static final String FILE_VARIABLE = "REFLECT_KEK_FILE";
    public static final String VALUE_VARIABLE = "REFLECT_KEK";

    /**
     * The key-encryption key of tests and benchmarks that build their configuration in code. It is
     * public (it is in this source file), so no service falls back to it from the environment:
     * {@link #from(Env)} requires one of the two variables.
     */
    public static final String DEVELOPMENT_KEYSET = "{\"primaryKeyId\":1355860857,\"key\":[{\"keyData\":{\"typeUrl\":"
            + "\"type.googleapis.com/google.crypto.tink.AesGcmKey\",\"value\":"
            + "\"GiAojZgq5unSEFVvvPFN+0KHRYLm3KS72C0Hkri1Ag4SxQ==\",\"keyMaterialType\":\"SYMMETRIC\"},"
            + "\"status\":\"ENABLED\",\"keyId\":1355860857,\"outputPrefixType\":\"TINK\"}]}";

    private KekSettings() {}

    /** The configured key-encryption key; a missing or unreadable one fails with what to set. */
    public static KeyEncryptionKey from(Env env) {
        Optional<String> file = env.optional(FILE_VARIABLE);
        Optional<String> value = env.optional(VALUE_VARIABLE);
        if (file.isPresent() && value.isPresent()) {
            throw new ConfigException("Set " + FILE_VARIABLE + " or " + VALUE_VARIABLE + ", not both");
        }
        String json;
        if (file.isPresent()) {
            try {
                json = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(FILE_VARIABLE + " names a file that cannot be read: " + file.get());
            }
        } else if (value.isPresent()) {
            json = value.get();
        } else {
            throw new ConfigException("No key-encryption key: set " + FILE_VARIABLE + " (a Tink JSON keyset file, "
                    + "as ./reflect run writes) or " + VALUE_VARIABLE + " (the keyset). People's texts are "
                    + "sealed with data keys stored under it.");
        }
        try {
            return KeyEncryptionKey.fromJson(json);
        } catch (KeyException e) {
            throw new ConfigException((file.isPresent() ? FILE_VARIABLE : VALUE_VARIABLE) + ": " + e.getMessage());
        }
    }

    public static KeyEncryptionKey development() {
        return KeyEncryptionKey.fromJson(DEVELOPMENT_KEYSET);
    }
}
