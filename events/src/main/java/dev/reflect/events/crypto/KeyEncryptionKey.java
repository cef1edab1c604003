package dev.reflect.events.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The key-encryption key (KEK): data keys are stored only wrapped under it (envelope
 * encryption), each wrapped key bound to its owner's userId, so a wrapped key copied onto another
 * person's record does not open. It is a Tink AEAD keyset (AES-256-GCM) read from configuration;
 * a keyset of several keys is how it is rotated: the primary wraps, every key unwraps (see
 * docs/data-rights.md).
 *
 * <p>Never logged: {@link #toString()} says nothing about the key. Thread-safe.
 */
public final class KeyEncryptionKey {

    private static final byte[] WRAP_CONTEXT = Associated.context("reflect/data-key/v1");

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;

    private KeyEncryptionKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** A KEK from Tink's JSON keyset format, as {@link #generateJson()} writes it. */
    public static KeyEncryptionKey fromJson(String keysetJson) {
        Objects.requireNonNull(keysetJson, "keysetJson");
        try {
            return new KeyEncryptionKey(
                    TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink's messages do not quote key material; the cause's class is enough to tell them apart.
            throw new KeyException("the key-encryption key is not a Tink AEAD keyset in JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A new random KEK as a Tink JSON keyset (AES-256-GCM): what {@code ./reflect run} writes to its data directory. */
    public static String generateJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new KeyException("could not generate a key-encryption key", e);
        }
    }

    /** {@code key} wrapped for storage, bound to {@code userId}. */
    public byte[] wrap(DataKey key, String userId) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(key.keyset(), aead, associatedData(userId));
        } catch (GeneralSecurityException e) {
            throw new KeyException("could not wrap a data key", e);
        }
    }

    /** The data key {@link #wrap} stored for {@code userId}; fails for another person's or an altered one. */
    public DataKey unwrap(byte[] wrapped, String userId) {
        try {
            return new DataKey(TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, aead, associatedData(userId)));
        } catch (GeneralSecurityException e) {
            throw new KeyException("a stored data key does not open with this key-encryption key", e);
        }
    }

    private static byte[] associatedData(String userId) {
        return Associated.of(WRAP_CONTEXT, userId);
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[redacted]";
    }
}
