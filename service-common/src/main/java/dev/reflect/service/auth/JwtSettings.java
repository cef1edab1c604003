package dev.reflect.service.auth;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How tokens are verified, read from the environment:
 * <ul>
 *   <li>{@code REFLECT_JWT_SECRET}: HS256 with this shared secret (at least 32 bytes in UTF-8,
 *       the length of an HS256 key);</li>
 *   <li>{@code REFLECT_JWT_JWKS}: RS256/ES256 against the keys of a JWKS, given as a file path or
 *       an http(s) URL. When set, it is the only mode: HS256 tokens are then rejected, and the
 *       secret, if also set, is ignored with a warning;</li>
 *   <li>{@code REFLECT_JWT_ISSUER}, {@code REFLECT_JWT_AUDIENCE} (optional): when set, tokens must
 *       carry this {@code iss} and include this {@code aud}. Set them when an identity provider
 *       issues tokens for other applications too.</li>
 * </ul>
 * Without a secret or a JWKS the service refuses to start: there is no unauthenticated mode.
 */
public final class JwtSettings {

    public static final String SECRET_VARIABLE = "REFLECT_JWT_SECRET";
    public static final String JWKS_VARIABLE = "REFLECT_JWT_JWKS";
    public static final String ISSUER_VARIABLE = "REFLECT_JWT_ISSUER";
    public static final String AUDIENCE_VARIABLE = "REFLECT_JWT_AUDIENCE";
    public static final int MIN_SECRET_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(JwtSettings.class);

    private final byte[] secret;
    private final String jwks;
    private final String issuer;
    private final String audience;

    private JwtSettings(byte[] secret, String jwks, String issuer, String audience) {
        this.secret = secret;
        this.jwks = jwks;
        this.issuer = issuer;
        this.audience = audience;
    }

    public static JwtSettings from(Env env) {
        Optional<String> secret = env.optional(SECRET_VARIABLE);
        Optional<String> jwks = env.optional(JWKS_VARIABLE);
        String issuer = env.optional(ISSUER_VARIABLE).orElse(null);
        String audience = env.optional(AUDIENCE_VARIABLE).orElse(null);
        if (jwks.isPresent()) {
            if (secret.isPresent()) {
                log.warn(
                        "{} is ignored because {} is set: only RS256/ES256 tokens from the JWKS are accepted",
                        SECRET_VARIABLE,
                        JWKS_VARIABLE);
            }
            return new JwtSettings(null, jwks.get(), issuer, audience);
        }
        if (secret.isPresent()) {
            return hs256(secret.get().getBytes(StandardCharsets.UTF_8), issuer, audience);
        }
        throw new ConfigException("No way to verify tokens: set " + SECRET_VARIABLE
                + " (HS256 secret, at least " + MIN_SECRET_BYTES + " bytes) or " + JWKS_VARIABLE
                + " (JWKS file path or http(s) URL, for RS256/ES256). Refusing to start without authentication.");
    }

    public static JwtSettings hs256(byte[] secret) {
        return hs256(secret, null, null);
    }

    private static JwtSettings hs256(byte[] secret, String issuer, String audience) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException(SECRET_VARIABLE + " must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new JwtSettings(secret.clone(), null, issuer, audience);
    }

    public static JwtSettings jwks(String fileOrUrl) {
        return new JwtSettings(null, fileOrUrl, null, null);
    }

    Optional<byte[]> secret() {
        return Optional.ofNullable(secret).map(byte[]::clone);
    }

    Optional<String> jwks() {
        return Optional.ofNullable(jwks);
    }

    Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    Optional<String> audience() {
        return Optional.ofNullable(audience);
    }

    public boolean usesJwks() {
        return jwks != null;
    }

    @Override
    public String toString() {
        return usesJwks() ? "JwtSettings[JWKS]" : "JwtSettings[HS256 secret of " + secret.length + " bytes]";
    }
}
