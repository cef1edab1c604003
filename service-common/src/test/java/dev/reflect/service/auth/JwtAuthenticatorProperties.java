package dev.reflect.service.auth;

import static dev.reflect.service.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.service.http.UnauthorizedException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class JwtAuthenticatorProperties {

    private final JwtAuthenticator authenticator = JwtAuthenticator.hs256(SECRET);

    @Provide
    Arbitrary<String> userIds() {
        // Any well-formed text: lone surrogates are not, and cannot survive UTF-8 in a token.
        return Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .ofMinLength(1)
                .ofMaxLength(Principal.MAX_USER_ID_LENGTH)
                .filter(s -> !s.isBlank());
    }

    @Property(tries = 200)
    void anyUserIdRoundTripsThroughAToken(@ForAll("userIds") String userId) {
        assertThat(authenticator
                        .authenticate(DevTokens.mint(SECRET, userId, false))
                        .userId())
                .isEqualTo(userId);
    }

    @Property(tries = 300)
    void changingAnyCharacterOfATokenInvalidatesIt(
            @ForAll("userIds") String userId,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll("base64urlChars") char replacement) {
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

    @Provide
    Arbitrary<Character> base64urlChars() {
        return Arbitraries.chars()
                .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray());
    }
}
