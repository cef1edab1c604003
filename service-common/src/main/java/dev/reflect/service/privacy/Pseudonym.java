package dev.reflect.service.privacy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's pseudonym: what per-user metric series carry in their {@code user} label and what the
 * progress API reports, so a clinician can find a person in Grafana while the userId never
 * reaches Prometheus (contract section 7).
 *
 * <p>It is the first {@value #LENGTH} hex digits of HMAC-SHA256(secret, UTF-8 userId):
 * <ul>
 *   <li><b>keyed</b>: a plain hash of an id could be reversed by hashing guessed ids (emails,
 *       sequential ids); without the secret a label cannot be tested against a guess;</li>
 *   <li><b>stable</b>: the same secret gives the same pseudonym on every instance and after every
 *       restart, so a person's series continue across deployments. Changing the secret changes
 *       every pseudonym: the old series end and new ones begin;</li>
 *   <li><b>short</b>: 64 bits keep label values small; two of a million users share a pseudonym
 *       with a probability of about 3 in 100 million.</li>
 * </ul>
 * Operators can compute one by hand:
 * {@code printf %s "$USER_ID" | openssl dgst -sha256 -hmac "$REFLECT_PSEUDONYM_SECRET" | awk '{print substr($NF,1,16)}'}.
 *
 * <p>Thread-safe.
 */
public final class Pseudonym {

    public static final String SECRET_VARIABLE = "REFLECT_PSEUDONYM_SECRET";
    /** As long as the HMAC-SHA256 output: a shorter key weakens the hash against guessing. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Hex digits kept of the 64 the HMAC gives. */
    public static final int LENGTH = 16;
    /** Hex digits of a {@linkplain #keyed keyed digest} such as a person reference: 128 bits, as it leaves Reflect. */
    public static final int CLINICIAN_REFERENCE_LENGTH = 32;
    /**
     * The secret of the local run only. It is public (it is in this source file), so a service
     * never falls back to it by itself; the launcher opts in, and says so.
     */
    public static final String LOCAL_DEVELOPMENT_SECRET =
            "reflect-local-development-pseudonym-secret-not-for-production";

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Mac prototype;
    private final int secretLength;

    private Pseudonym(Mac prototype, int secretLength) {
        this.prototype = prototype;
        this.secretLength = secretLength;
    }

    /** Pseudonyms keyed with {@code secret}, at least {@value #MIN_SECRET_BYTES} bytes. */
    public static Pseudonym withSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException(SECRET_VARIABLE + " must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return new Pseudonym(mac, secret.length);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE runtime ships HmacSHA256; reaching this means a broken JDK.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code REFLECT_PSEUDONYM_SECRET}, or empty when it is unset; too short a secret fails. */
    public static Optional<Pseudonym> from(Env env) {
        return env.optional(SECRET_VARIABLE).map(secret -> withSecret(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The pseudonym of {@code userId}: {@value #LENGTH} lowercase hex digits. */
    public String of(String userId) {
        Objects.requireNonNull(userId, "userId");
        byte[] digest = mac().doFinal(userId.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, LENGTH / 2);
    }

    /**
     * The reference under which {@code clinicianId}'s own systems know {@code userId}: what a
     * clinician's webhook carries instead of the userId (docs/notifier.md). Stable, so their system
     * can thread one person's notifications; different for every clinician, so two clinicians'
     * systems cannot tell that they know the same person; and, like the pseudonym, not testable
     * against a guessed id without the secret. It is {@code keyed("clinician-reference", clinicianId, userId)}.
     *
     * @return {@value #CLINICIAN_REFERENCE_LENGTH} lowercase hex digits
     */
    public String forClinician(String clinicianId, String userId) {
        return keyed("clinician-reference", clinicianId, userId);
    }

    /**
     * A keyed digest of {@code parts} for one {@code purpose}: the first
     * {@value #CLINICIAN_REFERENCE_LENGTH} hex digits of the HMAC-SHA256 of
     * {@code purpose + ":" + length + ":" + part} for each part in turn. The purpose keeps digests of
     * different uses apart (none equals a pseudonym), the lengths keep the parts apart (("c-1", "2u")
     * is not ("c-12", "u")). For identifiers that leave Reflect and must not be testable against
     * guessed ids, such as a webhook's {@code webhook-id}.
     */
    public String keyed(String purpose, String... parts) {
        Objects.requireNonNull(purpose, "purpose");
        StringBuilder input = new StringBuilder(purpose);
        for (String part : parts) {
            Objects.requireNonNull(part, "part");
            input.append(':').append(part.length()).append(':').append(part);
        }
        byte[] digest = mac().doFinal(input.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, CLINICIAN_REFERENCE_LENGTH / 2);
    }

    // A Mac is not thread-safe; a clone of the keyed prototype skips the key setup.
    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone", e);
        }
    }

    @Override
    public String toString() {
        return "Pseudonym[HMAC-SHA256 with a secret of " + secretLength + " bytes]";
    }
}
