package dev.reflect.launcher;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.web.WebConfig;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Links that sign a person in to the local run's web app with a development token: the app takes
 * the token from the address's {@code #token=} and removes it from the address at once. Only
 * while the services check tokens with the shared secret; with an OIDC issuer or a JWKS there is
 * no development token to give, and people sign in through the issuer.
 */
final class SignInLinks {

    /** The person {@code ./reflect run} offers a link for: an empty record to fill in. */
    static final String LOCAL_PERSON = "u-you";

    private SignInLinks() {}

    static Optional<String> forPerson(LocalServices services, String userId) {
        return forPerson(services.webConfig(), services.webUrl(), Env.system(), userId);
    }

    static Optional<String> forPerson(WebConfig web, String webUrl, Env env, String userId) {
        if (web.signIn().usesOidc() || env.optional(JwtSettings.JWKS_VARIABLE).isPresent()) {
            return Optional.empty();
        }
        return env.optional(JwtSettings.SECRET_VARIABLE)
                .map(secret ->
                        webUrl + "/#token=" + DevTokens.mint(secret.getBytes(StandardCharsets.UTF_8), userId, false));
    }
}
