package dev.reflect.events.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * One person's data key: an AES-256-GCM key (Google Tink) that seals their free texts. A person
 * may have several (two instances that met them first at the same moment each made one); every
 * ciphertext names its key in Tink's 5-byte prefix (version byte {@code 0x01}, then the key id),
 * so the right one is found without trying them all.
 *
 * <p>Never logged: {@link #toString()} shows the key id only. Thread-safe.
 */
public final class DataKey {

    /** Tink's prefix of a ciphertext: one version byte and a 4-byte key id. */
    static final int PREFIX_BYTES = 5;

    private static final byte TINK_VERSION = 1;

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetHandle keyset;
    private final Aead aead;

    DataKey(KeysetHandle keyset) {
        this.keyset = Objects.requireNonNull(keyset, "keyset");
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new KeyException("a data key is not an AEAD key", e);
        }
    }

    /** A new random key. */
    public static DataKey generate() {
        try {
            return new DataKey(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new KeyException("could not generate a data key", e);
        }
    }

    /** The id every ciphertext of this key starts with (after the version byte). */
    public int keyId() {
        return keyset.getPrimary().getId();
    }

    /** {@code plaintext} sealed, bound to {@code associatedData} (which is not in the result). */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyException("sealing failed", e);
        }
    }

    /** The plaintext; fails when the ciphertext was altered, is another key's, or was bound to other data. */
    public byte[] open(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        return aead.decrypt(ciphertext, associatedData);
    }

    /** The key id a ciphertext names, or -1 when it is too short or not in Tink's format. */
    public static long keyIdOf(byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < PREFIX_BYTES || ciphertext[0] != TINK_VERSION) {
            return -1;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }

    KeysetHandle keyset() {
        return keyset;
    }

    @Override
    public String toString() {
        return "DataKey[id=" + Integer.toUnsignedString(keyId()) + "]";
    }
}
