package dev.reflect.service.auth;

import static dev.reflect.service.auth.TestTokens.OTHER_SECRET;
import static dev.reflect.service.auth.TestTokens.SECRET;
import static dev.reflect.service.auth.TestTokens.hs256;
import static dev.reflect.service.auth.TestTokens.sign;
import static dev.reflect.service.auth.TestTokens.unsigned;
import static dev.reflect.service.auth.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.http.UnauthorizedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {

    private static RSAKey rsa;
    private static ECKey ec;

    @BeforeAll
    static void keys() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }

    private static String rs256(JWTClaimsSet claims) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims, new RSASSASigner(rsa));
    }

    private static String es256(JWTClaimsSet claims) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims, new ECDSASigner(ec));
    }

    private static void assertRejected(JwtAuthenticator authenticator, String token, String detail) {
        assertThatThrownBy(() -> authenticator.authenticate(token))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> {
                    UnauthorizedException problem = (UnauthorizedException) e;
                    assertThat(problem.status()).isEqualTo(401);
                    assertThat(problem.detail()).isEqualTo(detail);
                    assertThat(problem.headers()).containsKey("WWW-Authenticate");
                });
    }

    @Nested
    class WithASharedSecret {

        private final JwtAuthenticator authenticator = JwtAuthenticator.hs256(SECRET);

        @Test
        void acceptsAValidTokenAndTakesTheSubjectAsUserId() {
            Principal principal = authenticator.authenticate(
                    hs256(SECRET, validClaims("u-123").build()));

            assertThat(principal).isEqualTo(new Principal("u-123", false));
        }

        @Test
        void recognisesTheClinicianScopeAsStringOrArray() {
            String spaced = hs256(
                    SECRET,
                    validClaims("c-1")
                            .claim("scope", "openid reflect:clinician")
                            .build());
            String array = hs256(
                    SECRET,
                    validClaims("c-2")
                            .claim("scope", List.of("reflect:clinician"))
                            .build());
            String other = hs256(
                    SECRET,
                    validClaims("u-3")
                            .claim("scope", "reflect:clinician-trainee openid")
                            .build());

            assertThat(authenticator.authenticate(spaced).clinician()).isTrue();
            assertThat(authenticator.authenticate(array).clinician()).isTrue();
            assertThat(authenticator.authenticate(other).clinician()).isFalse();
        }

        @Test
        void rejectsAMissingToken() {
            assertThatThrownBy(() -> authenticator.authenticate(" "))
                    .isInstanceOfSatisfying(
                            UnauthorizedException.class,
                            e -> assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"reflect\""));
        }

        @Test
        void rejectsAnExpiredToken() {
            String token = hs256(
                    SECRET,
                    validClaims("u-1")
                            .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
                            .build());

            assertRejected(authenticator, token, "The bearer token has expired.");
        }

        @Test
        void rejectsATokenNotValidYet() {
            String token = hs256(
                    SECRET,
                    validClaims("u-1")
                            .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(30))))
                            .build());

            assertRejected(authenticator, token, "The bearer token is not valid.");
        }

        @Test
        void rejectsATokenWithoutSubjectOrExpiry() {
            String noSubject = hs256(SECRET, validClaims("u-1").subject(null).build());
            String noExpiry =
                    hs256(SECRET, validClaims("u-1").expirationTime(null).build());

            assertRejected(authenticator, noSubject, "The bearer token is not valid.");
            assertRejected(authenticator, noExpiry, "The bearer token is not valid.");
        }

        @Test
        void rejectsASubjectLongerThanAUserIdMayBe() {
            String token = hs256(
                    SECRET,
                    validClaims("u".repeat(Principal.MAX_USER_ID_LENGTH + 1)).build());

            assertRejected(authenticator, token, "The bearer token's subject is not a valid user id.");
        }

        @Test
        void rejectsAlgNone() {
            assertRejected(authenticator, unsigned(validClaims("u-1").build()), "The bearer token is not valid.");
        }

        @Test
        void rejectsAForgedSignature() {
            assertRejected(
                    authenticator, hs256(OTHER_SECRET, validClaims("u-1").build()), "The bearer token is not valid.");
        }

        @Test
        void rejectsATamperedPayload() {
            String[] parts = hs256(SECRET, validClaims("u-1").build()).split("\\.");
            String otherPayload = hs256(SECRET, validClaims("u-2").build()).split("\\.")[1];

            assertRejected(
                    authenticator, parts[0] + "." + otherPayload + "." + parts[2], "The bearer token is not valid.");
        }

        @Test
        void rejectsAnRs256TokenEvenWhenItsSignatureIsValid() throws JOSEException {
            assertRejected(authenticator, rs256(validClaims("u-1").build()), "The bearer token is not valid.");
        }

        @Test
        void rejectsGarbage() {
            assertRejected(authenticator, "not.a.jwt", "The bearer token is not valid.");
            assertRejected(authenticator, "abc", "The bearer token is not valid.");
        }

        @Test
        void errorsNeverQuoteTheToken() {
            String token = hs256(OTHER_SECRET, validClaims("secret-subject").build());

            assertThatThrownBy(() -> authenticator.authenticate(token))
                    .hasMessageNotContaining(token)
                    .hasMessageNotContaining("secret-subject");
        }
    }

    @Nested
    class WithAJwks {

        private final JwtAuthenticator authenticator =
                JwtAuthenticator.jwks(new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))));

        @Test
        void acceptsRs256AndEs256() throws JOSEException {
            assertThat(authenticator
                            .authenticate(rs256(validClaims("u-rsa").build()))
                            .userId())
                    .isEqualTo("u-rsa");
            assertThat(authenticator
                            .authenticate(es256(validClaims("u-ec").build()))
                            .userId())
                    .isEqualTo("u-ec");
        }

        @Test
        void rejectsHs256TokensIncludingOnesKeyedWithThePublicKey() {
            // The algorithm-confusion attack: HMAC keyed with the server's public key bytes.
            byte[] publicKeyBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);

            assertRejected(authenticator, hs256(SECRET, validClaims("u-1").build()), "The bearer token is not valid.");
            assertRejected(
                    authenticator, hs256(publicKeyBytes, validClaims("u-1").build()), "The bearer token is not valid.");
        }

        @Test
        void rejectsATokenSignedByAnUnknownKey() throws JOSEException {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            String token = sign(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                    validClaims("u-1").build(),
                    new RSASSASigner(stranger));

            assertRejected(authenticator, token, "The bearer token is not valid.");
        }

        @Test
        void rejectsExpiredTokensToo() throws JOSEException {
            String token = es256(validClaims("u-1")
                    .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                    .build());

            assertRejected(authenticator, token, "The bearer token has expired.");
        }
    }

    @Nested
    class FromSettings {

        @Test
        void readsTheJwksFromAFile(@TempDir Path dir) throws IOException, JOSEException {
            Path file = dir.resolve("jwks.json");
            // A private key in the file is tolerated: only the public half is kept.
            Files.writeString(file, new JWKSet(List.of(rsa, ec.toPublicJWK())).toString(false));

            JwtAuthenticator authenticator = JwtAuthenticator.from(JwtSettings.from(Env.of(Map.of(
                    "REFLECT_JWT_JWKS",
                    file.toString(),
                    "REFLECT_JWT_SECRET",
                    new String(SECRET, StandardCharsets.UTF_8)))));

            assertThat(authenticator
                            .authenticate(rs256(validClaims("u-1").build()))
                            .userId())
                    .isEqualTo("u-1");
            assertRejected(authenticator, hs256(SECRET, validClaims("u-1").build()), "The bearer token is not valid.");
        }

        @Test
        void readsTheJwksFromAUrl() throws IOException, JOSEException {
            byte[] body = new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
                JwtAuthenticator authenticator = JwtAuthenticator.from(JwtSettings.jwks(url));

                assertThat(authenticator
                                .authenticate(rs256(validClaims("u-url").build()))
                                .userId())
                        .isEqualTo("u-url");
            } finally {
                server.stop(0);
            }
        }

        @Test
        void anUnreadableJwksFileFailsStartup(@TempDir Path dir) {
            assertThatThrownBy(() -> JwtAuthenticator.from(
                            JwtSettings.jwks(dir.resolve("none.json").toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("REFLECT_JWT_JWKS");
        }

        @Test
        void checksIssuerAndAudienceWhenConfigured() {
            JwtAuthenticator authenticator = JwtAuthenticator.from(JwtSettings.from(Env.of(Map.of(
                    "REFLECT_JWT_SECRET", new String(SECRET, StandardCharsets.UTF_8),
                    "REFLECT_JWT_ISSUER", "https://id.example",
                    "REFLECT_JWT_AUDIENCE", "reflect"))));

            String good = hs256(
                    SECRET,
                    validClaims("u-1")
                            .issuer("https://id.example")
                            .audience("reflect")
                            .build());
            String otherIssuer = hs256(
                    SECRET,
                    validClaims("u-1")
                            .issuer("https://evil.example")
                            .audience("reflect")
                            .build());
            String noAudience = hs256(
                    SECRET, validClaims("u-1").issuer("https://id.example").build());

            assertThat(authenticator.authenticate(good).userId()).isEqualTo("u-1");
            assertRejected(authenticator, otherIssuer, "The bearer token is not valid.");
            assertRejected(authenticator, noAudience, "The bearer token is not valid.");
        }
    }

    @Test
    void principalsDoNotPrintTheirUserId() {
        assertThat(new Principal("u-very-private", true).toString()).doesNotContain("u-very-private");
    }

    @Test
    void aPrincipalIsOnlyItsOwnUserWhateverItsScope() {
        assertThat(new Principal("a", false).is("a")).isTrue();
        assertThat(new Principal("a", false).is("b")).isFalse();
        assertThat(new Principal("c", true).is("b")).isFalse();
    }
}
