package dev.reflect.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.reflect.service.config.Env;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints HS256 tokens for local development and tests: {@code sub} = the userId, {@code iat},
 * {@code exp} (12 hours by default), and {@code scope: "reflect:clinician"} on request. Real
 * deployments get tokens from their identity provider.
 *
 * <p>As a program ({@code ./reflect token USER [--clinician]}) it prints one token, signed with
 * {@code REFLECT_JWT_SECRET} or, when that is unset, the {@link #LOCAL_DEVELOPMENT_SECRET} the
 * local run uses.
 */
public final class DevTokens {

    /**
     * The secret of the local run only. It is public (it is in this source file), so a service
     * never falls back to it by itself; the launcher opts in, and says so loudly.
     */
    public static final String LOCAL_DEVELOPMENT_SECRET = "reflect-local-development-secret-not-for-production";

    public static final Duration DEFAULT_TTL = Duration.ofHours(12);

    private DevTokens() {}

    /** A token for {@code userId}, valid for {@link #DEFAULT_TTL} from now. */
    public static String mint(byte[] secret, String userId, boolean clinician) {
        return mint(secret, userId, clinician, Instant.now().plus(DEFAULT_TTL));
    }

    /** A token for {@code userId} expiring at {@code expiresAt} (in the past gives an expired token). */
    public static String mint(byte[] secret, String userId, boolean clinician, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(expiresAt));
        if (clinician) {
            claims.claim("scope", JwtAuthenticator.CLINICIAN_SCOPE);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes for HS256", e);
        }
        return jwt.serialize();
    }

    /** {@code USER [--clinician]}: prints a token for USER on standard output. */
    public static void main(String[] args) {
        if (args.length < 1
                || args.length > 2
                || (args.length == 2 && !"--clinician".equals(args[1]))
                || args[0].isBlank()
                || args[0].startsWith("-")) {
            System.err.println("usage: token USER [--clinician]");
            System.exit(2);
            return;
        }
        String secret = Env.system().optional(JwtSettings.SECRET_VARIABLE).orElseGet(() -> {
            System.err.println(
                    "note: " + JwtSettings.SECRET_VARIABLE + " is not set; signing with the local development secret");
            return LOCAL_DEVELOPMENT_SECRET;
        });
        System.out.println(mint(secret.getBytes(StandardCharsets.UTF_8), args[0], args.length == 2));
    }
}
