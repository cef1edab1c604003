package dev.reflect.web.signin;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * How people sign in to the web app, from the environment:
 * <ul>
 *   <li>{@code REFLECT_OIDC_ISSUER}: the OpenID Connect issuer (its {@code iss}, e.g.
 *       {@code https://id.example.org/realms/reflect}). Its discovery document is read from
 *       {@code <issuer>/.well-known/openid-configuration}. Unset: development sign-in, where the app
 *       takes a development token from a {@code #token=} link or a pasted token, as the local run
 *       prints them;</li>
 *   <li>{@code REFLECT_OIDC_CLIENT_ID}: the app's client id at that issuer (required with an issuer);</li>
 *   <li>{@code REFLECT_OIDC_CLIENT_SECRET} (optional): for an issuer that treats the app as a
 *       confidential client. PKCE is used either way; the secret never reaches the browser;</li>
 *   <li>{@code REFLECT_OIDC_SCOPE} (default {@code openid}): the scopes asked for.</li>
 * </ul>
 * The ingest and query services must accept this issuer's access tokens: set their
 * {@code REFLECT_JWT_JWKS} to the issuer's {@code jwks_uri} and {@code REFLECT_JWT_ISSUER} to the issuer.
 */
public record SignInSettings(Optional<URI> issuer, String clientId, Optional<String> clientSecret, String scope) {

    public static final String ISSUER_VARIABLE = "REFLECT_OIDC_ISSUER";
    public static final String CLIENT_ID_VARIABLE = "REFLECT_OIDC_CLIENT_ID";
    public static final String CLIENT_SECRET_VARIABLE = "REFLECT_OIDC_CLIENT_SECRET";
    public static final String SCOPE_VARIABLE = "REFLECT_OIDC_SCOPE";
    public static final String DEFAULT_SCOPE = "openid";

    public static SignInSettings from(Env env) {
        Optional<String> issuer = env.optional(ISSUER_VARIABLE);
        if (issuer.isEmpty()) {
            return development();
        }
        return oidc(
                issuer(issuer.get()),
                env.required(CLIENT_ID_VARIABLE, "the web app's client id at " + ISSUER_VARIABLE),
                env.optional(CLIENT_SECRET_VARIABLE),
                env.string(SCOPE_VARIABLE, DEFAULT_SCOPE));
    }

    /** No issuer: the app signs in with development tokens. */
    public static SignInSettings development() {
        return new SignInSettings(Optional.empty(), "", Optional.empty(), DEFAULT_SCOPE);
    }

    public static SignInSettings oidc(URI issuer, String clientId, Optional<String> clientSecret, String scope) {
        if (clientId.isBlank()) {
            throw new ConfigException(CLIENT_ID_VARIABLE + " must not be blank");
        }
        String scopes = scope.trim();
        if (!(" " + scopes + " ").contains(" openid ")) {
            scopes = "openid " + scopes;
        }
        return new SignInSettings(Optional.of(issuer), clientId, clientSecret, scopes.trim());
    }

    private static URI issuer(String value) {
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http"))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // the one message below
        }
        throw new ConfigException(ISSUER_VARIABLE + " must be the issuer's http(s) URL, without a query");
    }

    public boolean usesOidc() {
        return issuer.isPresent();
    }

    /** Where the issuer publishes its metadata (OpenID Connect Discovery 1.0, section 4). */
    public URI discoveryUrl() {
        String base = issuer.orElseThrow().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    @Override
    public String toString() {
        return usesOidc()
                ? "SignInSettings[OIDC, issuer " + issuer.get() + ", secret "
                        + (clientSecret.isPresent() ? "set" : "none") + "]"
                : "SignInSettings[development tokens]";
    }
}
