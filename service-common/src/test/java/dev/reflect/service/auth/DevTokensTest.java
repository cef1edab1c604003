package dev.reflect.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.reflect.service.http.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DevTokensTest {

    private static final byte[] SECRET = DevTokens.LOCAL_DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8);

    @Test
    void mintedTokensAuthenticateAsTheirUser() {
        JwtAuthenticator authenticator = JwtAuthenticator.hs256(SECRET);

        assertThat(authenticator.authenticate(DevTokens.mint(SECRET, "u-dev", false)))
                .isEqualTo(new Principal("u-dev", false));
        assertThat(authenticator.authenticate(DevTokens.mint(SECRET, "c-dev", true)))
                .isEqualTo(new Principal("c-dev", true));
    }

    @Test
    void expireAfterTwelveHoursByDefault() throws ParseException {
        Instant before = Instant.now();
        SignedJWT jwt = SignedJWT.parse(DevTokens.mint(SECRET, "u-dev", false));

        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(
                        before.plus(Duration.ofHours(12)).minusSeconds(1),
                        Instant.now().plus(Duration.ofHours(12)));
    }

    @Test
    void canMintExpiredTokensForTests() {
        String token = DevTokens.mint(SECRET, "u-dev", false, Instant.now().minus(Duration.ofHours(2)));

        assertThatThrownBy(() -> JwtAuthenticator.hs256(SECRET).authenticate(token))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void theDevelopmentSecretIsLongEnoughForHs256() {
        assertThat(SECRET.length).isGreaterThanOrEqualTo(JwtSettings.MIN_SECRET_BYTES);
    }
}
