package dev.reflect.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.service.http.UnauthorizedException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies bearer tokens (nimbus-jose-jwt) and turns them into a {@link Principal}.
 *
 * <p>Exactly one family of algorithms is accepted per instance: HS256 with the shared secret, or
 * RS256/ES256 with the keys of a JWKS. Mixing them would open the classic confusion attack where
 * a public RSA key is used as an HMAC secret. Tokens must be signed (never {@code alg: none}),
 * carry {@code sub} and {@code exp}, be within {@code exp}/{@code nbf} (60 s clock skew, nimbus'
 * default), and match the configured issuer/audience if any. {@code scope} may be a
 * space-separated string (RFC 8693) or an array.
 *
 * <p>Thread-safe. Tokens and subjects never appear in exceptions or logs.
 */
public final class JwtAuthenticator {

    public static final String CLINICIAN_SCOPE = "reflect:clinician";

    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtAuthenticator(JWSKeySelector<SecurityContext> keys, String issuer, String audience) {
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null) {
            exact.issuer(issuer);
            required.add("iss");
        }
        if (audience != null) {
            required.add("aud");
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience == null ? null : Set.of(audience), exact.build(), required, Set.of()));
    }

    /** The authenticator the settings describe; a JWKS file is read now so a bad one fails startup. */
    public static JwtAuthenticator from(JwtSettings settings) {
        String issuer = settings.issuer().orElse(null);
        String audience = settings.audience().orElse(null);
        if (settings.usesJwks()) {
            return new JwtAuthenticator(
                    new JWSVerificationKeySelector<>(
                            JWKS_ALGORITHMS, jwksSource(settings.jwks().orElseThrow())),
                    issuer,
                    audience);
        }
        // The one secret, whatever key id a token names: selecting from a JWK source would match
        // the header's kid against a secret that has none, and refuse every token that carries one.
        return new JwtAuthenticator(
                new SingleKeyJWSKeySelector<>(
                        JWSAlgorithm.HS256, new SecretKeySpec(settings.secret().orElseThrow(), "HmacSHA256")),
                issuer,
                audience);
    }

    /** HS256 with this secret (at least 32 bytes). */
    public static JwtAuthenticator hs256(byte[] secret) {
        return from(JwtSettings.hs256(secret));
    }

    /** RS256/ES256 with keys from this source; for tests and for embedding with a custom source. */
    public static JwtAuthenticator jwks(JWKSource<SecurityContext> keys) {
        return new JwtAuthenticator(new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, keys), null, null);
    }

    /**
     * The principal of a valid token.
     *
     * @throws UnauthorizedException when the token is not acceptable
     * @throws ServiceUnavailableException when the JWKS cannot be fetched: not the client's fault
     */
    public Principal authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw UnauthorizedException.missingToken();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw UnauthorizedException.invalidToken("The bearer token has expired.");
        } catch (KeySourceException e) {
            throw new ServiceUnavailableException(
                    "The keys to verify tokens are not available right now.", Duration.ofSeconds(5));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw UnauthorizedException.invalidToken("The bearer token is not valid.");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > Principal.MAX_USER_ID_LENGTH) {
            throw UnauthorizedException.invalidToken("The bearer token's subject is not a valid user id.");
        }
        return new Principal(subject, scopes(claims.getClaim("scope")).contains(CLINICIAN_SCOPE));
    }

    private static Set<String> scopes(Object claim) {
        Set<String> scopes = new HashSet<>();
        if (claim instanceof String text) {
            for (String scope : text.trim().split("\\s+")) {
                scopes.add(scope);
            }
        } else if (claim instanceof Collection<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        return scopes;
    }

    private static JWKSource<SecurityContext> jwksSource(String fileOrUrl) {
        String lower = fileOrUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            try {
                // Cached, refreshed ahead of expiry, retried once: a brief outage of the identity
                // provider does not fail every request.
                return JWKSourceBuilder.create(URI.create(fileOrUrl).toURL())
                        .retrying(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ConfigException(JwtSettings.JWKS_VARIABLE + " is not a valid URL", e);
            }
        }
        try {
            JWKSet keys = JWKSet.load(Path.of(fileOrUrl).toFile()).toPublicJWKSet();
            if (keys.getKeys().isEmpty()) {
                throw new ConfigException(JwtSettings.JWKS_VARIABLE + " names a JWKS without keys");
            }
            return new ImmutableJWKSet<>(keys);
        } catch (IOException | ParseException e) {
            throw new ConfigException(JwtSettings.JWKS_VARIABLE + " must be a readable JWKS file or an http(s) URL", e);
        }
    }
}
