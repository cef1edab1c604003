package dev.reflect.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Tokens of every shape the authenticator must accept or reject. */
final class TestTokens {

    static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_SECRET = "another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8);

    private TestTokens() {}

    static JWTClaimsSet.Builder validClaims(String subject) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
    }

    static String hs256(byte[] secret, JWTClaimsSet claims) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, macSigner(secret));
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    static MACSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
