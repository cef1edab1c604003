package dev.reflect.service.auth;

import static dev.reflect.service.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import dev.reflect.service.http.UnauthorizedException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class JwtAuthenticatorProperties {

    private final JwtAuthenticator authenticator = JwtAuthenticator.hs256(SECRET);

    private static Gen<String> userIds() {
        // Any well-formed text: lone surrogates are not, and cannot survive UTF-8 in a token.
        CharSet wellFormed = CharSet.none().range('\u0000', '\uD7FF').range('\uE000', '\uFFFD');
        return Gens.strings(wellFormed, 1, Principal.MAX_USER_ID_LENGTH).assuming(s -> !s.isBlank());
    }

    @Test
    void anyUserIdRoundTripsThroughAToken() {
        PropertyCheck.tries(200)
                .forAll(
                        userIds(),
                        userId -> assertThat(authenticator
                                        .authenticate(DevTokens.mint(SECRET, userId, false))
                                        .userId())
                                .isEqualTo(userId));
    }

    @Test
    void changingAnyCharacterOfATokenInvalidatesIt() {
        PropertyCheck.tries(300).forAll(userIds(), Gens.ints(0, 10_000), base64urlChars(), this::tamperedIsRefused);
    }

    private void tamperedIsRefused(String userId, int position, char replacement) {
        String token = DevTokens.mint(SECRET, userId, false);
        int at = position % token.length();
        if (token.charAt(at) == replacement || token.charAt(at) == '.') {
            return;
        }
        String tampered = token.substring(0, at) + replacement + token.substring(at + 1);

        // A changed last character of a segment can decode to the same bytes (unused base64
        // bits): that token is the signed one, so it may verify. Any other change must not.
        try {
            Principal principal = authenticator.authenticate(tampered);
            assertThat(principal.userId()).isEqualTo(userId);
            assertThat(decoded(tampered)).isEqualTo(decoded(token));
        } catch (UnauthorizedException expected) {
            assertThat(expected.status()).isEqualTo(401);
        }
    }

    private static List<String> decoded(String token) {
        return Arrays.stream(token.split("\\."))
                .map(part -> Arrays.toString(Base64.getUrlDecoder().decode(part)))
                .toList();
    }

    private static Gen<Character> base64urlChars() {
        return Gens.chars(CharSet.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"));
    }
}
